import { isPinlistError } from '../../../shared/errors.js';
import { connectionFor, type ClientOptions } from '../auth/connection.js';
import type { Core } from '../core.js';
import type { Db } from '../db/open.js';
import type { PinterestClient } from '../pinterest/client.js';

/**
 * Audience writes (lookalikes, sharing) go through the sync's transport (token refresh, 429 with
 * Retry-After, 5xx retries), one write per Pinterest object at a time, each with a run record in
 * `audience_actions` (requests, retries, outcome).
 */

export interface AudienceEnv {
  core: Core;
  /** Retry and backoff settings (tests use small ones). */
  clientOptions?: ClientOptions;
  /** The clock for readings and the schedule. */
  now?: () => number;
}

export type AudienceAction = 'lookalike.create' | 'lookalike.rename' | 'lookalike.remove' | 'share' | 'revoke';

/** Writes in flight per Pinterest object in this process: the next waits for the one before. */
const inFlight = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = inFlight.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  const settled = mine.catch(() => undefined);
  inFlight.set(key, settled);
  try {
    return await mine;
  } finally {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  }
}

/** A plain client (reads): the connection's transport with the env's settings. */
export function readClient(env: AudienceEnv): PinterestClient {
  return connectionFor(env.core).client(env.clientOptions ?? {});
}

interface ActionRecord {
  listId: number | null;
  adAccountId: string;
  action: AudienceAction;
  /** The Pinterest object written (an audience ID, or the ad account for a create). */
  objectId: string;
}

/**
 * Runs one audience write with its own client, counting its requests and retries into a run
 * record that ends succeeded or failed (with the error).
 */
export async function recordedWrite<T>(env: AudienceEnv, record: ActionRecord, work: (client: PinterestClient) => Promise<T>): Promise<T> {
  return oneAtATime(`${record.adAccountId}:${record.objectId}`, async () => {
    const db = env.core.db;
    const counters = { requests: 0, retries: 0 };
    const theirs = env.clientOptions;
    const client = connectionFor(env.core).client({
      ...theirs,
      onAttempt: () => {
        counters.requests += 1;
        theirs?.onAttempt?.();
      },
      onRetry: (event) => {
        counters.retries += 1;
        theirs?.onRetry?.(event);
      },
    });
    const id = startAction(db, record, env.now);
    try {
      const result = await work(client);
      endAction(db, id, 'succeeded', counters, null, env.now);
      return result;
    } catch (error) {
      endAction(db, id, 'failed', counters, error, env.now);
      throw error;
    }
  });
}

function iso(now?: () => number): string {
  return new Date((now ?? Date.now)()).toISOString();
}

function startAction(db: Db, record: ActionRecord, now?: () => number): number {
  return Number(
    db
      .prepare(`INSERT INTO audience_actions (list_id, ad_account_id, action, object_id, state, started_at) VALUES (?, ?, ?, ?, 'running', ?)`)
      .run(record.listId, record.adAccountId, record.action, record.objectId, iso(now)).lastInsertRowid,
  );
}

function endAction(db: Db, id: number, state: 'succeeded' | 'failed', counters: { requests: number; retries: number }, error: unknown, now?: () => number): void {
  const code = error === null ? null : isPinlistError(error) ? error.code : 'INTERNAL';
  const message = error === null ? null : (error as Error).message;
  db.prepare('UPDATE audience_actions SET state = ?, requests = ?, retries = ?, ended_at = ?, error_code = ?, error_message = ? WHERE id = ?').run(
    state,
    counters.requests,
    counters.retries,
    iso(now),
    code,
    message,
    id,
  );
}

export interface ActionView {
  action: AudienceAction;
  objectId: string | null;
  state: 'running' | 'succeeded' | 'failed';
  requests: number;
  retries: number;
  errorCode: string | null;
}

/** The list's audience writes, oldest first (for tests and support). */
export function actionsOf(db: Db, listId: number): ActionView[] {
  return db
    .prepare('SELECT action, object_id AS objectId, state, requests, retries, error_code AS errorCode FROM audience_actions WHERE list_id = ? ORDER BY id')
    .all(listId) as ActionView[];
}
