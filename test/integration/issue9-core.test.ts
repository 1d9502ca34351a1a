/**
 * Issue 9, the core and CLI side: what goes to Pinterest is one number everywhere (lists, show,
 * the sync dry run, the export), the export leaves suppressed people out, a replace names its two
 * causes of removal, suppressing people says which lists it touches, the lookup explains why,
 * rejects carry labels and an extra column, messages name the user's file and no CLI syntax, and
 * the remembered ad account and the ad account's customer lists for the sync screen.
 * Real SQLite, real import workers, the fake Pinterest, the CLI through its own entry.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { startSyncJob } from '../../electron/core/sync/index.js';
import {
  hashesExportSchema,
  importSummarySchema,
  listDetailSchema,
  listSummarySchema,
  lookupResultSchema,
  type ImportPlan,
  type OutputOf,
  type RequestName,
} from '../../shared/contract/index.js';
import { writeBytes, writeCsv } from '../fixtures/generate.js';
import { runPinlist } from '../helpers/cli.js';
import { AD_ACCOUNT, fastClient, useSyncWorld } from './helpers/sync-fixtures.js';

let dataDir: string;
let core: Core;

useSyncWorld((world) => ({ dataDir, core } = world));

async function call<K extends RequestName>(channel: K, input: unknown): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core });
  if (!result.ok) throw Object.assign(new Error(`${result.error.code}: ${result.error.message}`), { code: result.error.code, payload: result.error });
  return result.value as OutputOf<K>;
}

async function job(jobId: string) {
  const done = await core.jobs.wait(jobId);
  if (done.state !== 'succeeded') throw Object.assign(new Error(`${done.error?.code}: ${done.error?.message}`), { code: done.error?.code });
  return done.result;
}

async function importRows(listName: string, name: string, rows: string[][], extra: Record<string, unknown> = {}) {
  const file = await writeCsv(dataDir, name, rows);
  const { fileId } = core.stagedFiles.registerPath(file);
  return importSummarySchema.parse(await job((await call('import.start', { fileId, listName, ...extra })).jobId));
}

async function planRows(listName: string, rows: string[][]): Promise<ImportPlan> {
  const file = await writeCsv(dataDir, `plan-${listName}.csv`, rows);
  const { fileId } = core.stagedFiles.registerPath(file);
  return (await job((await call('import.plan', { fileId, listName, mode: 'replace' })).jobId)) as ImportPlan;
}

function cli(...args: string[]) {
  return runPinlist(['--data-dir', dataDir, ...args]);
}

async function syncNow(listId: number) {
  const { jobId } = startSyncJob(core, { listId, adAccountId: AD_ACCOUNT }, { clientOptions: fastClient() });
  const done = await core.jobs.wait(jobId);
  expect(done.state).toBe('succeeded');
}

const sha = (email: string): string => crypto.createHash('sha256').update(email).digest('hex');
const people = (count: number) => Array.from({ length: count }, (_, i) => `person${i}@example.com`);
const column = (header: string, values: string[]) => [[header], ...values.map((value) => [value])];

/** Spring: person0..4, synced once; then person1, person2 and a stranger are suppressed (by the CLI). */
async function springWithSuppressed() {
  const first = await importRows('Spring', 'spring.csv', column('Email', people(5)));
  await syncNow(first.listId!);
  const optouts = await writeCsv(dataDir, 'optouts.csv', column('Email', ['person1@example.com', 'person2@example.com', 'stranger@example.com']));
  const suppress = await cli('suppress', optouts, '--json');
  expect(suppress.stderr).toBe('');
  expect(suppress.code).toBe(0);
  return { listId: first.listId!, firstImport: first.importId, suppressJson: JSON.parse(suppress.stdout) as Record<string, unknown>, optouts };
}

describe('what goes to Pinterest: one number everywhere (items 2, 3)', () => {
  it('lists, show, the sync dry run and the export agree: members 5, suppressed 2, to Pinterest 3; the export leaves them out', async () => {
    const { listId, suppressJson } = await springWithSuppressed();

    // Suppressing says which lists it touches, and that the next sync removes them from Pinterest.
    expect(suppressJson.affectedLists).toEqual([
      { listId, name: 'Spring', suppressed: { email: 2, gaid: 0, idfa: 0 }, total: 2, onPinterest: 2 },
    ]);
    const optoutsText = await cli('suppress', await writeCsv(dataDir, 'more.csv', column('Email', ['person3@example.com'])));
    expect(optoutsText.stdout).toMatch(/the next sync removes them from Pinterest/);
    expect(optoutsText.stdout).toMatch(/Spring: 1 \(Email: 1\), 1 of them on Pinterest now/);
    await call('suppression.remove', { kind: 'email', value: 'person3@example.com' });

    const listed = listSummarySchema.parse((await call('lists.list', {})).find((list) => list.id === listId));
    expect(listed).toMatchObject({ total: 5, suppressed: { email: 2, gaid: 0, idfa: 0 }, suppressedTotal: 2, toPinterest: 3 });
    const detail = listDetailSchema.parse(await call('lists.get', { listId }));
    expect(detail).toMatchObject({ total: 5, suppressedTotal: 2, toPinterest: 3 });

    const plan = await call('sync.plan', { listId, adAccountId: AD_ACCOUNT });
    expect(plan.kinds.email?.desired).toBe(listed.toPinterest);
    expect(plan.kinds.email?.suppressed).toBe(listed.suppressedTotal);

    const exported = hashesExportSchema.parse(await call('lists.exportHashes', { listId, kind: 'email' }));
    expect(exported).toMatchObject({ rows: 3, suppressedLeftOut: 2 });
    const lines = fs.readFileSync(exported.path, 'utf8').trim().split('\n');
    expect(lines.sort()).toEqual(['person0@example.com', 'person3@example.com', 'person4@example.com'].map(sha).sort());

    // The CLI says the same numbers.
    const lists = JSON.parse((await cli('lists', '--json')).stdout) as { name: string; toPinterest: number; suppressedTotal: number }[];
    expect(lists.find((list) => list.name === 'Spring')).toMatchObject({ toPinterest: 3, suppressedTotal: 2 });
    const show = await cli('show', 'Spring');
    expect(show.stdout).toMatch(/Total\s+5\s+2\s+3/);
    const out = path.join(dataDir, 'spring-email.csv');
    const exportJson = JSON.parse((await cli('export', 'Spring', '--kind', 'email', '--out', out, '--json')).stdout) as Record<string, unknown>;
    expect(exportJson).toMatchObject({ rows: 3, suppressedLeftOut: 2 });
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    const exportText = await cli('export', 'Spring', '--kind', 'email', '--out', out);
    expect(exportText.stdout).toMatch(/Left out 2 on the suppression list/);
  });

  it('the count stays right when the list or the suppression list changes (the cache is keyed by both sets)', async () => {
    const { listId } = await springWithSuppressed();
    expect((await call('lists.get', { listId })).suppressedTotal).toBe(2);
    await call('suppression.remove', { kind: 'email', value: 'person1@example.com' });
    expect((await call('lists.get', { listId })).suppressedTotal).toBe(1);
    await importRows('Spring', 'spring-add.csv', column('Email', ['person9@example.com']), { mode: 'add' });
    expect(await call('lists.get', { listId })).toMatchObject({ total: 6, suppressedTotal: 1, toPinterest: 5 });
  });

  it('a replace names its two causes of removal apart: not in the file, and on the suppression list', async () => {
    const { listId } = await springWithSuppressed();
    // In the file: person0, person1 (suppressed), person3. Gone: person2 (suppressed), person4 (not in the file).
    const rows = column('Email', ['person0@example.com', 'person1@example.com', 'person3@example.com']);
    const plan = await planRows('Spring', rows);
    expect(plan).toMatchObject({ removed: 3, removedSuppressed: 2, removedNotInFile: 1, suppressed: 1 });
    const summary = await importRows('Spring', 'replace.csv', rows);
    expect(summary).toMatchObject({ removed: 3, removedSuppressed: 2, removedNotInFile: 1 });
    const record = (await call('lists.get', { listId })).imports[0]!;
    expect(record).toMatchObject({ removed: 3, removedSuppressed: 2, removedNotInFile: 1 });
  });
});

describe('lookup explains why (item 14)', () => {
  it('added by import N, removed by import M and why, suppressed since D, rejected in row R, and where they stand on Pinterest', async () => {
    const { listId, firstImport } = await springWithSuppressed();
    const replace = await importRows('Spring', 'replace.csv', [['Email'], ['person0@example.com'], ['person1@example.com'], ['person3@example.com'], ['not-an-email']]);

    const removedSuppressed = lookupResultSchema.parse(await call('lists.lookup', { listId, kind: 'email', value: ' Person2@Example.com ' }));
    expect(removedSuppressed).toMatchObject({ found: false, suppressed: false, historyComplete: true });
    if ('rejected' in removedSuppressed) throw new Error('a valid email');
    expect(removedSuppressed.history.map((event) => [event.event, event.importId, event.fileName])).toEqual([
      ['added', firstImport, 'spring.csv'],
      ['removed', replace.importId, 'replace.csv'],
    ]);
    expect(removedSuppressed.history[1]).toMatchObject({ cause: 'suppressed', mode: 'replace' });
    expect(removedSuppressed.suppression).toMatchObject({ suppressed: true, fileName: 'optouts.csv' });
    expect(removedSuppressed.suppression.since).toMatch(/^\d{4}-/);
    // Pinterest has them from the first sync; they are not wanted any more: the next sync removes them.
    expect(removedSuppressed.pinterest).toEqual([expect.objectContaining({ adAccountId: AD_ACCOUNT, state: 'waiting_remove' })]);

    const notInFile = await call('lists.lookup', { listId, kind: 'email', value: 'person4@example.com' });
    if ('rejected' in notInFile) throw new Error('a valid email');
    expect(notInFile.history.at(-1)).toMatchObject({ event: 'removed', cause: 'not_in_file' });

    const member = await call('lists.lookup', { listId, kind: 'email', value: 'person0@example.com' });
    if ('rejected' in member) throw new Error('a valid email');
    expect(member).toMatchObject({ found: true, suppressed: false });
    expect(member.pinterest[0]).toMatchObject({ state: 'synced' });
    expect(member.pinterest[0]!.lastSyncAt).toMatch(/^\d{4}-/);

    const rejected = await call('lists.lookup', { listId, kind: 'email', value: 'not-an-email' });
    expect(rejected).toMatchObject({ rejected: 'missing_at', reasonLabel: 'No @ in the email' });
    expect(rejected.rejectedRows).toEqual([expect.objectContaining({ importId: replace.importId, rowNumber: 5, reason: 'missing_at', fileName: 'replace.csv' })]);

    // The CLI gives the same answer, in words or as JSON.
    const text = await cli('lookup', 'Spring', 'person2@example.com');
    expect(text.stdout).toMatch(/is not in "Spring"/);
    expect(text.stdout).toMatch(new RegExp(`Added by import ${firstImport} \\(spring\\.csv`));
    expect(text.stdout).toMatch(new RegExp(`Removed by import ${replace.importId} \\(replace\\.csv.*on the suppression list at the time`));
    expect(text.stdout).toMatch(/On the suppression list since .*optouts\.csv/);
    expect(text.stdout).toMatch(/the next sync removes them/);
    const json = JSON.parse((await cli('lookup', 'Spring', 'not-an-email', '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ list: 'Spring', kind: 'email', rejected: 'missing_at' });
    expect((await cli('lookup', 'Spring', 'person4@example.com')).stdout).toMatch(/not in that file/);
  });

  it('never stores the typed value', async () => {
    const { listId } = await springWithSuppressed();
    const secret = 'only-typed-here@example.org';
    await call('lists.lookup', { listId, kind: 'email', value: secret });
    await cli('lookup', 'Spring', secret);
    core.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const name of fs.readdirSync(dataDir)) {
      const file = path.join(dataDir, name);
      if (fs.statSync(file).isFile()) expect(fs.readFileSync(file).includes(secret), name).toBe(false);
    }
  });
});

describe('rejects (items 13, 15)', () => {
  it('carry the reason in words, a >64-character local part says so, and one extra column of the file; the latest import by default', async () => {
    const long = `${'a'.repeat(65)}@example.com`;
    const rows = [
      ['Customer ID', 'Email'],
      ['C-1', 'ok@example.com'],
      ['C-2', long],
      ['C-3', 'no-at-sign'],
    ];
    const first = await importRows('Autumn', 'autumn.csv', rows, { rejectsExtraColumn: 'customer id' });
    const page = await call('lists.rejects', { listId: first.listId, importId: 'latest', offset: 0, limit: 10 });
    expect(page).toMatchObject({ importId: first.importId, extraColumn: 'Customer ID', total: 2 });
    expect(page.rows).toEqual([
      expect.objectContaining({ rowNumber: 3, reason: 'local_too_long', reasonLabel: 'More than 64 characters before the @', extra: 'C-2' }),
      expect.objectContaining({ rowNumber: 4, reason: 'missing_at', reasonLabel: 'No @ in the email', extra: 'C-3' }),
    ]);
    const detail = await call('lists.get', { listId: first.listId });
    expect(detail.imports[0]!.rejectsExtraColumn).toBe('Customer ID');

    const second = await importRows('Autumn', 'autumn2.csv', [['Email'], ['x@@example.com']], { mode: 'add' });
    const csv = await cli('rejects', 'Autumn');
    expect(csv.stdout.split(/\r?\n/)[0]).toBe('import_id,row_number,column,reason,reason_label,raw_value');
    expect(csv.stdout).toMatch(new RegExp(`^${second.importId},2,Email,multiple_at,More than one @,x@@example.com\r?$`, 'm'));
    expect(csv.stdout).not.toMatch(/C-2/);
    const chosen = await cli('rejects', 'Autumn', '--import', String(first.importId));
    expect(chosen.stdout.split(/\r?\n/)[0]).toBe('import_id,row_number,column,reason,reason_label,raw_value,Customer ID');
    expect(chosen.stdout).toMatch(new RegExp(`^${first.importId},3,Email,local_too_long,More than 64 characters before the @,a{65}@example.com,C-2\r?$`, 'm'));
    const all = await cli('rejects', 'Autumn', '--all');
    expect(all.stdout.trim().split('\n')).toHaveLength(4);

    // A column the file does not have is refused before anything is written.
    const before = (await call('lists.get', { listId: first.listId })).imports.length;
    await expect(importRows('Autumn', 'autumn3.csv', rows, { rejectsExtraColumn: 'Loyalty number' })).rejects.toMatchObject({ code: 'BAD_MAPPING' });
    expect((await call('lists.get', { listId: first.listId })).imports).toHaveLength(before);
    // The CLI flag.
    const viaCli = await cli('import', await writeCsv(dataDir, 'autumn4.csv', rows), '--list', 'Winter', '--rejects-column', '1');
    expect(viaCli.code).toBe(0);
    expect((await cli('rejects', 'Winter')).stdout).toMatch(/,C-3\r?$/m);
  });
});

describe('messages (items 4, 6)', () => {
  it('name the file the user chose, never the temporary upload', async () => {
    const upload = await writeBytes(path.join(dataDir), '6871d1c2-upload.upload', crypto.randomBytes(4096));
    const staged = core.stagedFiles.registerPath(upload, true, 'Customers March.csv');
    const failure = await call('import.preview', { fileId: staged.fileId }).catch((error: { payload: { message: string } }) => error.payload);
    expect(failure).toHaveProperty('message');
    const { message } = failure as { message: string };
    expect(message).toContain('Customers March.csv');
    expect(message).not.toMatch(/6871|\.upload/);
    const started = await call('import.start', { fileId: staged.fileId, listName: 'X' });
    const done = await core.jobs.wait(started.jobId);
    expect(done.error?.message).toContain('Customers March.csv');
    expect(done.error?.message).not.toMatch(/6871|\.upload/);
  });

  it('no column of identifiers: a row of unknown names is still the header, and only the CLI speaks of --map', async () => {
    const file = await writeCsv(dataDir, 'kunden.csv', [['Kunde', 'Telefon'], ['Anna', '555-0100'], ['Ben', '555-0101']]);
    const { fileId } = core.stagedFiles.registerPath(file);
    const preview = await call('import.preview', { fileId });
    expect(preview.format.hasHeader).toBe(true);
    expect(preview.columns.map((c) => c.name)).toEqual(['Kunde', 'Telefon']);
    expect(preview.rows.map((row) => row.fields[0])).toEqual(['Anna', 'Ben']);
    const error = await importRows('Kunden', 'kunden.csv', [['Kunde', 'Telefon'], ['Anna', '555-0100']]).catch((e: Error & { code: string }) => e);
    expect((error as { code: string }).code).toBe('NO_IDENTIFIER_COLUMN');
    expect((error as Error).message).toMatch(/Columns seen: "Kunde", "Telefon"/);
    expect((error as Error).message).not.toMatch(/--map/);
    const viaCli = await cli('import', file, '--list', 'Kunden');
    expect(viaCli.stderr).toMatch(/error\[NO_IDENTIFIER_COLUMN\].*--map "COLUMN=email"/);
  });
});

describe('the sync screen (item 10)', () => {
  it('remembers the ad account chosen per list, and lists the ad account’s customer lists by name with type and size', async () => {
    const spring = await importRows('Spring', 'spring.csv', column('Email', people(3)));
    const autumn = await importRows('Autumn', 'autumn.csv', column('Email', people(2)));
    expect((await call('lists.get', { listId: spring.listId })).adAccountId).toBeNull();
    await call('lists.setAdAccount', { listId: autumn.listId, adAccountId: AD_ACCOUNT });
    await syncNow(spring.listId!);
    await call('sync.start', { listId: spring.listId, adAccountId: AD_ACCOUNT }).then(({ jobId }) => core.jobs.wait(jobId));
    const lists = await call('lists.list', {});
    expect(lists.map((list) => [list.name, list.adAccountId])).toEqual([
      ['Autumn', AD_ACCOUNT],
      ['Spring', AD_ACCOUNT],
    ]);
    const remote = await call('sync.customerLists', { adAccountId: AD_ACCOUNT });
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ kind: 'email', usedBy: { listId: spring.listId, listName: 'Spring', kind: 'email' } });
    expect(remote[0]!.name).toMatch(/Spring/);
    expect(remote[0]!.size).toBe(3);
  });
});
