/** CSV sources, a movable clock and an automation context over the sync world's core, for the automation tests. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { automationContextFor, type AutomationContext, type ConnectionHealth } from '../../../electron/core/automation/index.js';
import type { Core } from '../../../electron/core/core.js';
import type { WebhookOptions } from '../../../electron/core/automation/webhook.js';
import { fastClient } from './sync-fixtures.js';

export const emailOf = (i: number): string => `person${i}@example.com`;
export const adIdOf = (i: number): string => {
  const hex = crypto.createHash('md5').update(`ad-${i}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** Writes a CSV of emails (people `from` to `to - 1`) and returns its path. */
export function writeEmails(file: string, from: number, to: number): string {
  const rows = ['email,name'];
  for (let i = from; i < to; i++) rows.push(`${emailOf(i)},Person ${i}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

/** The sorted, concatenated SHA-256 hashes of those emails: what Pinterest should hold. */
export function emailHashes(from: number, to: number): Buffer {
  const list: Buffer[] = [];
  for (let i = from; i < to; i++) list.push(crypto.createHash('sha256').update(emailOf(i)).digest());
  return Buffer.concat(list.sort(Buffer.compare));
}

export interface TestClock {
  now: () => number;
  set(iso: string | number): void;
  advance(ms: number): void;
}

export function testClock(start: string | number = Date.now()): TestClock {
  let t = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: () => t,
    set: (value) => (t = typeof value === 'number' ? value : Date.parse(value)),
    advance: (ms) => (t += ms),
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A context over the core with an injected clock, the fake's fast client and (optionally) a fixed connection state. */
export function contextFor(core: Core, clock: TestClock, extra: { health?: ConnectionHealth; webhookOptions?: WebhookOptions } = {}): AutomationContext {
  return automationContextFor(core, {
    now: clock.now,
    sync: { clientOptions: fastClient() },
    ...(extra.health ? { connectionHealth: async () => extra.health! } : {}),
    webhookOptions: extra.webhookOptions ?? { sleep: async () => undefined },
  });
}
