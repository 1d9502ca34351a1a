/** Lists built with the store API (synthetic hashes) and a Core pointed at the fake Pinterest, for the sync tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { ClientOptions } from '../../../electron/core/auth/connection.js';
import { Core } from '../../../electron/core/core.js';
import type { Db } from '../../../electron/core/db/open.js';
import { commitImport, createList, hashesOf, sortUniqueHashes, suppressionList, type ImportMode } from '../../../electron/core/store/index.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import { startFakePinterest, type FakePinterest, type FakePinterestOptions } from '../../fake-pinterest/server.js';
import { hexList, randomHashes } from '../../helpers/hash-data.js';

export const AD_ACCOUNT = '549755885175';

/** Fast retries: waits are recorded, not slept. */
export function fastClient(waits: number[] = []): ClientOptions {
  return {
    maxRetries: 6,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    sleep: async (ms, signal) => {
      waits.push(ms);
      signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
  };
}

export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-sync-'));
}

export function coreFor(fake: FakePinterest, dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Core {
  const env: NodeJS.ProcessEnv = {
    PINTEREST_API_BASE: fake.baseUrl,
    PINTEREST_OAUTH_URL: fake.oauthUrl,
    PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken,
    ...extraEnv,
  };
  return new Core({ dataDir, surface: 'cli', env });
}

export interface SyncWorld {
  fake: FakePinterest;
  dataDir: string;
  core: Core;
}

/**
 * Per test: a fake Pinterest with one ad account (AD_ACCOUNT) and a core over a fresh data folder,
 * handed to `setup` (which keeps them where the test reads them); closed and removed after the test.
 */
export function useSyncWorld(setup: (world: SyncWorld) => void, fakeOptions: () => FakePinterestOptions = () => ({})): void {
  let world: SyncWorld | undefined;
  beforeEach(async () => {
    const fake = await startFakePinterest(fakeOptions());
    fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Main' });
    const dataDir = makeDataDir();
    world = { fake, dataDir, core: coreFor(fake, dataDir) };
    setup(world);
  });
  afterEach(async () => {
    if (!world) return;
    await world.core.close();
    await world.fake.close();
    fs.rmSync(world.dataDir, { recursive: true, force: true });
    world = undefined;
  });
}

export interface CliWorld {
  fake: FakePinterest;
  dataDir: string;
  /** process.env plus the data folder, a keychain service of this test process's own, and the fake's URLs and token. */
  env: NodeJS.ProcessEnv;
}

/**
 * Per test, for tests that run `pinlist` in a process of its own: a fake Pinterest with one ad
 * account (AD_ACCOUNT), a fresh data folder and the environment pointing the CLI at both, handed to
 * `setup`; closed and removed after the test.
 */
export function useCliWorld(setup: (world: CliWorld) => void): void {
  let world: CliWorld | undefined;
  beforeEach(async () => {
    const fake = await startFakePinterest();
    fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Main' });
    const dataDir = makeDataDir();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PINLIST_DATA_DIR: dataDir,
      PINLIST_KEYCHAIN_SERVICE: `pinlist-test-${process.pid}`,
      PINTEREST_API_BASE: fake.baseUrl,
      PINTEREST_OAUTH_URL: fake.oauthUrl,
      PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken,
    };
    world = { fake, dataDir, env };
    setup(world);
  });
  afterEach(async () => {
    if (!world) return;
    await world.fake.close();
    fs.rmSync(world.dataDir, { recursive: true, force: true });
    world = undefined;
  });
}

/** Sorted unique copy of `count` random hashes. */
export function hashes(count: number, seed: number): Buffer {
  const raw = randomHashes(count, seed);
  return Buffer.from(sortUniqueHashes(raw, count).buffer);
}

export function sortedHex(buffer: Buffer): string[] {
  return hexList(buffer).sort();
}

function sorted(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer);
  return Buffer.from(sortUniqueHashes(copy, copy.length / 32).buffer);
}

/** Imports members into a list (any order, duplicates fine), as the import pipeline would. */
export function importMembers(db: Db, listId: number, members: Partial<Record<IdentifierKind, Buffer>>, mode: ImportMode = 'replace'): void {
  const incoming = (Object.entries(members) as [IdentifierKind, Buffer][]).map(([kind, buffer]) => ({ kind, hashes: hashesOf(sorted(buffer)) }));
  const total = incoming.length;
  commitImport(db, {
    listId,
    mode,
    incoming,
    file: { name: 'synthetic.csv', size: 1, sha256: 'x' },
    mapping: [],
    format: {},
    rowsRead: total,
    valid: total,
    rejected: 0,
    rejectReasons: {},
    durationMs: 1,
  });
}

export function makeList(db: Db, name: string, members: Partial<Record<IdentifierKind, Buffer>>): number {
  const list = createList(db, name);
  importMembers(db, list.id, members);
  return list.id;
}

export function setSuppression(db: Db, members: Partial<Record<IdentifierKind, Buffer>>): void {
  importMembers(db, suppressionList(db).id, members);
}

/** Hashes in `a` and not in `b`. */
export function minus(a: Buffer, b: Buffer): Buffer {
  const drop = new Set(hexList(b));
  return Buffer.from(hexList(a).filter((h) => !drop.has(h)).join(''), 'hex');
}

export function concat(...buffers: Buffer[]): Buffer {
  return Buffer.concat(buffers);
}

/** The fake's membership of a customer list equals `expected`, record by record. */
export function expectMembership(fake: FakePinterest, customerListId: string | null | undefined, expected: Buffer): void {
  expect(customerListId, 'the customer list exists').toBeTruthy();
  const actual = [...fake.state.membership(customerListId!)].sort();
  const wanted = sortedHex(expected);
  expect(actual.length).toBe(wanted.length);
  // Record by record, with the first difference named.
  const firstDifference = actual.findIndex((record, index) => record !== wanted[index]);
  expect(firstDifference, `first differing record at ${firstDifference}: ${actual[firstDifference]} vs ${wanted[firstDifference]}`).toBe(-1);
}

/** Records carried by write requests Pinterest answered 200, by operation. */
export function recordsSent(fake: FakePinterest, since = 0): { created: number; updated: number; requests: number } {
  let created = 0;
  let updated = 0;
  let requests = 0;
  for (const r of fake.state.requests.slice(since)) {
    if (!r.write || r.status !== 200 || r.records === null) continue;
    requests += 1;
    if (r.operation === 'customer_lists/create') created += r.records;
    else updated += r.records;
  }
  return { created, updated, requests };
}

export function expectNoViolations(fake: FakePinterest): void {
  expect(fake.violations).toEqual([]);
}
