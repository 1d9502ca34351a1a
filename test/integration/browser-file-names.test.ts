/**
 * Browser mode stages a chosen file as `<data>/uploads/<pid>-<uuid>.upload` (issue 9 item 4):
 * every message about the file must name it as the user chose it, through the real server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rawRequest, sessionCookieHeader, useBrowserServer } from '../helpers/browser-server.js';

const start = useBrowserServer();

function headers(port: number, type: string): Record<string, string> {
  return { Host: `127.0.0.1:${port}`, Cookie: sessionCookieHeader(port), 'Content-Type': type };
}

describe('browser-mode file messages', () => {
  it('name the uploaded file by the name the user chose, in the preview and in the import job', async () => {
    const { server, core } = await start();
    const upload = async (name: string, body: Buffer | string) =>
      JSON.parse(
        (await rawRequest(server.port, { method: 'POST', path: `/api/upload?name=${encodeURIComponent(name)}`, headers: headers(server.port, 'application/octet-stream'), body })).text,
      ) as { ok: boolean; value: { fileId: string } };
    const call = async (channel: string, input: unknown) =>
      JSON.parse(
        (await rawRequest(server.port, { method: 'POST', path: `/api/call/${channel}`, headers: headers(server.port, 'application/json'), body: JSON.stringify(input) })).text,
      ) as { ok: boolean; value?: { jobId: string }; error?: { code: string; message: string } };

    const binary = await upload('Customers March.csv', crypto.randomBytes(8192));
    const preview = await call('import.preview', { fileId: binary.value.fileId });
    expect(preview.ok).toBe(false);
    expect(preview.error!.message).toContain('"Customers March.csv"');
    expect(preview.error!.message).not.toMatch(/\.upload|uploads/);

    const names = await upload('kunden.csv', 'Kunde,Telefon\nAnna,555-0100\n');
    const started = await call('import.start', { fileId: names.value.fileId, listName: 'Kunden' });
    const job = await core.jobs.wait(started.value!.jobId);
    expect(job.error?.code).toBe('NO_IDENTIFIER_COLUMN');
    expect(job.error?.message).not.toMatch(/\.upload|--map/);
    const missing = await upload('gone.csv', 'email\na@example.com\n');
    const staged = core.stagedFiles.get(missing.value.fileId);
    fs.rmSync(staged.path);
    const gone = await call('import.preview', { fileId: missing.value.fileId });
    expect(gone.error!.message).toContain('"gone.csv"');
    expect(gone.error!.message).not.toMatch(/\.upload/);
  });
});
