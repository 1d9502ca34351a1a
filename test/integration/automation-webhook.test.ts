import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAlerts, listForSource, runAutomation, setSchedule, setSource } from '../../electron/core/automation/index.js';
import type { Core } from '../../electron/core/core.js';
import type { FakePinterest } from '../fake-pinterest/server.js';
import { AD_ACCOUNT, useSyncWorld } from './helpers/sync-fixtures.js';
import { adIdOf, contextFor, emailOf, testClock } from './helpers/automation-fixtures.js';

/** The alert webhook against a real local HTTP server: its body, its retries, and what it never carries. */

let fake: FakePinterest;
let core: Core;
let dataDir: string;
useSyncWorld((world) => ({ fake, core, dataDir } = world));

interface Received {
  body: Record<string, unknown>;
  raw: string;
}

let server: http.Server;
let received: Received[];
let failFirst: number;
let hits: number;

beforeEach(async () => {
  received = [];
  failFirst = 0;
  hits = 0;
  server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      hits += 1;
      if (hits <= failFirst) {
        response.writeHead(503).end('busy');
        return;
      }
      expect(request.headers['content-type']).toBe('application/json');
      received.push({ body: JSON.parse(raw) as Record<string, unknown>, raw });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function hashOf(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** A source with emails and mobile ad IDs, the way a CRM export has them. */
function writeContacts(file: string, count: number): { emails: string[]; adIds: string[] } {
  const emails: string[] = [];
  const adIds: string[] = [];
  const rows = ['email,gaid'];
  for (let i = 0; i < count; i++) {
    emails.push(emailOf(i));
    adIds.push(adIdOf(i));
    rows.push(`${emailOf(i)},${adIdOf(i)}`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return { emails, adIds };
}

describe('the alert webhook', () => {
  it('POSTs JSON with text and structured fields, retries with backoff, and never carries an email, ad ID, hash or token', async () => {
    const port = (server.address() as AddressInfo).port;
    core.settings.update({ alertWebhookUrl: `http://127.0.0.1:${port}/hook` });
    failFirst = 2;
    const waits: number[] = [];
    const clock = testClock('2026-03-02T12:00:00Z');
    const context = contextFor(core, clock, { webhookOptions: { backoffBaseMs: 100, sleep: async (ms) => void waits.push(ms) } });

    // A file named after a person (it happens): the path lands in a "missing" message.
    const file = path.join(dataDir, 'src', `${emailOf(7)}.csv`);
    const people = writeContacts(file, 400);
    const listId = listForSource(core, 'Webhook list');
    setSource(context, listId, { kind: 'file', path: file });
    setSchedule(context, listId, { schedule: { kind: 'daily', time: '06:00' }, action: 'refresh-sync', adAccountId: AD_ACCOUNT });
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');

    writeContacts(file, 100); // shrink: held
    const held = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(held.state).toBe('held');
    await context.webhook.flush();
    expect(waits).toEqual([100, 200]);
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({
      text: expect.stringMatching(/^Pinlist: Sync held by the shrink guard for "Webhook list"\. .*lose 300 of the 400/),
      list: 'Webhook list',
      kind: 'held',
      outcome: 'held',
      counts: { imported: 200, added: 0, removed: 0 }, // what was sent: nothing
      at: '2026-03-02T12:00:00.000Z',
    });

    fs.rmSync(file);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('failed');
    writeContacts(file, 400);
    expect((await runAutomation(context, { listId, trigger: 'schedule' })).state).toBe('ok');
    await context.webhook.flush();
    const kinds = received.map((r) => `${r.body.kind}:${r.body.outcome}`);
    expect(kinds).toEqual(['held:held', 'source-missing:failed', 'run-failed:failed', 'source-missing:recovered', 'held:recovered', 'run-failed:recovered']);
    expect(received.find((r) => r.body.kind === 'source-missing')!.body.text).toMatch(/src\/\[email\] is missing/);

    // The scan: every webhook body, every alert and every run record, against every identifier, its hash and the token.
    const token = core.env.PINTEREST_ACCESS_TOKEN!;
    const secrets = [...people.emails, ...people.adIds, ...people.emails.map(hashOf), ...people.adIds.map(hashOf), token];
    const stored = JSON.stringify([listAlerts(core.db, { all: true }), core.db.prepare('SELECT message FROM automation_runs').all()]);
    for (const text of [...received.map((r) => r.raw), stored]) {
      const lower = text.toLowerCase();
      for (const secret of secrets) expect(lower.includes(secret.toLowerCase()), `leaked ${secret.slice(0, 12)}…`).toBe(false);
      expect(text).not.toMatch(/[0-9a-f]{64}/i);
      expect(text).not.toMatch(/[^\s"[]+@[^\s"\]]+\.[a-z]{2,}/i);
    }
    expect(fake.state.requests.length).toBeGreaterThan(0);
  }, 90_000);

  it('gives up after its attempts without holding up the run', async () => {
    const port = (server.address() as AddressInfo).port;
    core.settings.update({ alertWebhookUrl: `http://127.0.0.1:${port}/down` });
    failFirst = 100;
    const errors: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const context = contextFor(core, testClock(), { webhookOptions: { maxAttempts: 3, sleep: () => gate, onError: (m) => errors.push(m) } });
    const listId = listForSource(core, 'No source');
    setSchedule(context, listId, { schedule: { kind: 'daily', time: '06:00' }, action: 'refresh' });
    // The webhook is stuck in its backoff, and the run still ends.
    const run = await runAutomation(context, { listId, trigger: 'schedule' });
    expect(run.state).toBe('failed');
    expect(run.message).toMatch(/has no source/);
    release();
    await context.webhook.flush();
    expect(hits).toBe(3);
    expect(errors).toEqual([expect.stringMatching(/alert webhook could not be reached \(answered 503\)/)]);
    expect(context.webhook.failed).toBe(1);
  }, 30_000);
});
