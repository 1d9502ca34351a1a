import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { PinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { isProcessAlive } from '../process-alive.js';

/**
 * One sync per list at a time, across processes (the app, the CLI, browser mode) sharing a data
 * folder. The lock row names its owner; a lock whose process is gone (same computer) or whose
 * heartbeat stopped long ago belongs to a dead sync and is taken over.
 */

export const LOCK_HEARTBEAT_MS = 10_000;
export const LOCK_STALE_MS = 120_000;

export interface LockInfo {
  listId: number;
  runId: number | null;
  pid: number;
  host: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export interface HeldLock {
  listId: number;
  token: string;
}

export interface LockOwner {
  pid: number;
  host: string;
}

export const thisProcess = (): LockOwner => ({ pid: process.pid, host: os.hostname() });

export function readLock(db: Db, listId: number): LockInfo | undefined {
  return db
    .prepare(
      `SELECT list_id AS listId, run_id AS runId, owner_pid AS pid, owner_host AS host, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt
         FROM sync_locks WHERE list_id = ?`,
    )
    .get(listId) as LockInfo | undefined;
}

/** Whether a lock was left by a sync that is no longer running. */
export function isStale(lock: LockInfo, now: number = Date.now(), owner: LockOwner = thisProcess(), staleMs = LOCK_STALE_MS): boolean {
  if (lock.host === owner.host && !isProcessAlive(lock.pid)) return true;
  return now - Date.parse(lock.heartbeatAt) > staleMs;
}

/** A lock that belongs to someone else and is alive: what the user sees. */
export function describeLock(lock: LockInfo, listName: string): string {
  const who = lock.pid === process.pid && lock.host === os.hostname() ? 'this window (another sync job)' : `process ${lock.pid} on ${lock.host}`;
  return `"${listName}" is already being synced by ${who}, since ${lock.acquiredAt}. Wait for that sync to finish (or cancel it there), then try again.`;
}

/**
 * Takes the list's lock, or throws SYNC_LOCKED naming the holder. On taking over a dead sync's
 * lock, `onTakeover` runs in the same transaction (to mark its run interrupted).
 */
export function acquireSyncLock(
  db: Db,
  listId: number,
  listName: string,
  options: { owner?: LockOwner; staleMs?: number; onTakeover?: (stale: LockInfo) => void } = {},
): HeldLock {
  const owner = options.owner ?? thisProcess();
  return db.transaction((): HeldLock => {
    const existing = readLock(db, listId);
    if (existing) {
      if (!isStale(existing, Date.now(), owner, options.staleMs)) {
        throw new PinlistError('SYNC_LOCKED', describeLock(existing, listName), { ...existing });
      }
      options.onTakeover?.(existing);
    }
    const token = randomUUID();
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO sync_locks (list_id, run_id, token, owner_pid, owner_host, acquired_at, heartbeat_at) VALUES (?, NULL, ?, ?, ?, ?, ?)
       ON CONFLICT (list_id) DO UPDATE SET run_id = NULL, token = excluded.token, owner_pid = excluded.owner_pid,
         owner_host = excluded.owner_host, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(listId, token, owner.pid, owner.host, now, now);
    return { listId, token };
  }).immediate();
}

export function attachRun(db: Db, lock: HeldLock, runId: number): void {
  db.prepare('UPDATE sync_locks SET run_id = ? WHERE list_id = ? AND token = ?').run(runId, lock.listId, lock.token);
}

/** Keeps the lock alive; false when it was lost (taken over after a long stall). */
export function heartbeat(db: Db, lock: HeldLock): boolean {
  return db.prepare('UPDATE sync_locks SET heartbeat_at = ? WHERE list_id = ? AND token = ?').run(new Date().toISOString(), lock.listId, lock.token).changes > 0;
}

export function releaseSyncLock(db: Db, lock: HeldLock): void {
  db.prepare('DELETE FROM sync_locks WHERE list_id = ? AND token = ?').run(lock.listId, lock.token);
}

/** The lock of a list if a live sync holds it (stale locks are reported as free). */
export function liveLock(db: Db, listId: number): LockInfo | null {
  const lock = readLock(db, listId);
  return lock && !isStale(lock) ? lock : null;
}
