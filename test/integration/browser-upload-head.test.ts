/**
 * Browser mode stages a large file head first: the preview reads the head while the rest is on its
 * way, and whatever needs every byte (plan, import) waits for the rest, or fails clearly when it
 * never comes.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.js';
import { rawRequest, sessionCookieHeader, useBrowserServer } from '../helpers/browser-server.js';

const start = useBrowserServer();

const ROWS = 5_000;
const csv = Buffer.from(['Email,Name', ...Array.from({ length: ROWS }, (_, i) => `customer.${i}@example.com,Customer ${i}`)].join('\n') + '\n');
/** Cuts inside a row, well past the 200 previewed. */
const HEAD = 40_003;

function post(port: number, path: string, body: Buffer | string, contentType = 'application/octet-stream') {
  return rawRequest(port, { method: 'POST', path, headers: { Host: `127.0.0.1:${port}`, Cookie: sessionCookieHeader(port), 'Content-Type': contentType }, body });
}

interface CallResult {
  ok: boolean;
  // The answers of several channels; each test reads the fields its channel returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  value?: any;
  error?: { code: string; message: string };
}

async function call(port: number, channel: string, input: unknown): Promise<CallResult> {
  return JSON.parse((await post(port, `/api/call/${channel}`, JSON.stringify(input), 'application/json')).text) as CallResult;
}

async function uploadHead(port: number, head: Buffer, size = csv.length) {
  const result = JSON.parse((await post(port, `/api/upload?name=big.csv&size=${size}`, head)).text);
  expect(result).toMatchObject({ ok: true, value: { name: 'big.csv', size } });
  return result.value.fileId as string;
}

async function untilPhase(core: Core, jobId: string, phase: string) {
  await expect.poll(() => core.jobs.get(jobId)?.progress?.phase, { timeout: 10_000 }).toBe(phase);
}

describe('head-first uploads', () => {
  it('previews from the head alone; the import waits for the rest, then reads every row', async () => {
    const { server, core } = await start();
    const fileId = await uploadHead(server.port, csv.subarray(0, HEAD));

    const preview = await call(server.port, 'import.preview', { fileId });
    expect(preview.ok).toBe(true);
    expect(preview.value.rows).toHaveLength(200);
    expect(preview.value.truncated).toBe(true);
    expect(preview.value.fileSize).toBe(csv.length);
    expect(preview.value.rows[199].cells[0]).toMatchObject({ raw: 'customer.199@example.com', status: 'valid' });

    const started = await call(server.port, 'import.start', { fileId, listName: 'Big' });
    expect(started.ok).toBe(true);
    const jobId = started.value.jobId as string;
    await untilPhase(core, jobId, 'receiving');
    expect(core.jobs.get(jobId)?.state).toBe('running');
    expect(core.jobs.get(jobId)?.progress?.detail).toMatch(/Receiving the file/);

    const misplaced = JSON.parse((await post(server.port, `/api/upload/rest?fileId=${fileId}&offset=${HEAD + 1}`, csv.subarray(HEAD + 1))).text);
    expect(misplaced).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(misplaced.error.message).toContain(`byte ${HEAD}`);

    const rest = JSON.parse((await post(server.port, `/api/upload/rest?fileId=${fileId}&offset=${HEAD}`, csv.subarray(HEAD))).text);
    expect(rest).toMatchObject({ ok: true, value: { fileId, size: csv.length } });
    const finished = await core.jobs.wait(jobId);
    expect(finished.state).toBe('succeeded');
    expect(finished.result).toMatchObject({ rowsRead: ROWS, valid: ROWS, rejected: 0, added: ROWS });
    expect(fs.readFileSync(core.stagedFiles.get(fileId).path).equals(csv)).toBe(true);

    const again = JSON.parse((await post(server.port, `/api/upload/rest?fileId=${fileId}&offset=${csv.length}`, 'x')).text);
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a head shorter than the preview waits for the whole file', async () => {
    const { server, core } = await start();
    const head = 1_000;
    const fileId = await uploadHead(server.port, csv.subarray(0, head));
    // The moment the preview starts waiting for the rest of this file.
    const whenComplete = core.stagedFiles.whenComplete.bind(core.stagedFiles);
    let startedWaiting: () => void = () => undefined;
    const waiting = new Promise<'waiting'>((resolve) => (startedWaiting = () => resolve('waiting')));
    core.stagedFiles.whenComplete = (id, ...rest) => {
      if (id === fileId) startedWaiting();
      return whenComplete(id, ...rest);
    };
    let answered = false;
    const preview = call(server.port, 'import.preview', { fileId }).then((result) => {
      answered = true;
      return result;
    });
    // The preview cannot be answered from 1,000 bytes: it waits for the rest rather than answer.
    expect(await Promise.race([waiting, preview.then(() => 'answered')])).toBe('waiting');
    expect(answered).toBe(false);
    await post(server.port, `/api/upload/rest?fileId=${fileId}&offset=${head}`, csv.subarray(head));
    const result = await preview;
    expect(result.ok).toBe(true);
    expect(result.value.rows).toHaveLength(200);
    expect(result.value.rows.every((row: { cells: { status: string }[] }) => row.cells[0]?.status === 'valid')).toBe(true);
  });

  it('a rest that stops short fails the waiting import with a clear error and keeps no partial file as the file', async () => {
    const { server, core } = await start();
    const fileId = await uploadHead(server.port, csv.subarray(0, HEAD));
    const started = await call(server.port, 'import.start', { fileId, listName: 'Big' });
    await untilPhase(core, started.value.jobId, 'receiving');
    const short = JSON.parse((await post(server.port, `/api/upload/rest?fileId=${fileId}&offset=${HEAD}`, csv.subarray(HEAD, HEAD + 500))).text);
    expect(short).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    expect(short.error.message).toMatch(/Choose the file again/);
    const finished = await core.jobs.wait(started.value.jobId);
    expect(finished.state).toBe('failed');
    expect(finished.error?.code).toBe('FILE_NOT_FOUND');
    const preview = await call(server.port, 'import.plan', { fileId, listName: 'Big' });
    expect(preview.ok).toBe(true);
    expect((await core.jobs.wait(preview.value.jobId)).error?.code).toBe('FILE_NOT_FOUND');
    const lists = await call(server.port, 'lists.list', {});
    expect(lists.value).toEqual([]);
  });

  it('closing the file while its rest is awaited ends the import and deletes the upload', async () => {
    const { server, core } = await start();
    const fileId = await uploadHead(server.port, csv.subarray(0, HEAD));
    const uploaded = core.stagedFiles.get(fileId).path;
    const started = await call(server.port, 'import.start', { fileId, listName: 'Big' });
    await untilPhase(core, started.value.jobId, 'receiving');
    expect(await call(server.port, 'files.release', { fileId })).toMatchObject({ ok: true, value: { released: true } });
    const finished = await core.jobs.wait(started.value.jobId);
    expect(finished.state).toBe('failed');
    expect(finished.error?.message).toMatch(/closed before its upload ended/);
    expect(fs.existsSync(uploaded)).toBe(false);
  });

  it('refuses a head larger than the size it announces, and a size that is not a number', async () => {
    const { server } = await start();
    const tooBig = JSON.parse((await post(server.port, '/api/upload?name=a.csv&size=3', 'email\n')).text);
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const notNumber = JSON.parse((await post(server.port, '/api/upload?name=a.csv&size=-1', 'email\n')).text);
    expect(notNumber).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
