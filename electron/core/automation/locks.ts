import { randomUUID } from 'node:crypto';
import { PinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { isStale, LOCK_HEARTBEAT_MS, thisProcess, type LockOwner } from '../sync/lock.js';

/**
 * Cross-process locks on a list's automated run ('automation:<listId>') and on imports into a list
 * ('import:<name>'), like the sync lock: a row in the database naming its owner, taken over when
 * that process is gone (same computer) or its heartbeat stopped long ago. The app, browser mode and
 * `pinlist run-due` are different processes over one data folder.
 */

export interface RunLock {
  scope: string;
  token: string;
  /** Stops the heartbeat and deletes the row. */
  release(): void;
}

interface LockRow {
  scope: string;
  pid: number;
  host: string;
  purpose: string;
  acquiredAt: string;
  heartbeatAt: string;
}

export const automationScope = (listId: number): string => `automation:${listId}`;
export const importScope = (listName: string): string => `import:${listName.trim().toLowerCase()}`;

function readRow(db: Db, scope: string): LockRow | undefined {
  return db
    .prepare('SELECT scope, owner_pid AS pid, owner_host AS host, purpose, acquired_at AS acquiredAt, heartbeat_at AS heartbeatAt FROM run_locks WHERE scope = ?')
    .get(scope) as LockRow | undefined;
}

function stale(row: LockRow, owner: LockOwner): boolean {
  return isStale({ listId: 0, runId: null, pid: row.pid, host: row.host, acquiredAt: row.acquiredAt, heartbeatAt: row.heartbeatAt }, Date.now(), owner);
}

/** The live holder of a scope, if any (a dead one is reported as free). */
export function lockHolder(db: Db, scope: string, owner: LockOwner = thisProcess()): LockRow | null {
  const row = readRow(db, scope);
  return row && !stale(row, owner) ? row : null;
}

export function describeHolder(row: LockRow): string {
  const where = row.pid === process.pid ? 'this process' : `process ${row.pid} on ${row.host}`;
  return `${row.purpose} (${where}, since ${row.acquiredAt})`;
}

/**
 * Takes a scope or throws CONFLICT naming the holder. `onTakeover` runs in the same transaction
 * when a dead holder's lock is taken over.
 */
export function acquireRunLock(db: Db, scope: string, purpose: string, options: { owner?: LockOwner; onTakeover?: () => void } = {}): RunLock {
  const owner = options.owner ?? thisProcess();
  const token = db.transaction((): string => {
    const existing = readRow(db, scope);
    if (existing) {
      if (!stale(existing, owner)) {
        throw new PinlistError('CONFLICT', `Busy: ${describeHolder(existing)} is running. It was not started twice; wait for that one to finish, then try again.`, { ...existing });
      }
      options.onTakeover?.();
    }
    const fresh = randomUUID();
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO run_locks (scope, token, owner_pid, owner_host, purpose, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET token = excluded.token, owner_pid = excluded.owner_pid, owner_host = excluded.owner_host,
         purpose = excluded.purpose, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
    ).run(scope, fresh, owner.pid, owner.host, purpose, now, now);
    return fresh;
  }).immediate();
  const beat = setInterval(() => {
    try {
      db.prepare('UPDATE run_locks SET heartbeat_at = ? WHERE scope = ? AND token = ?').run(new Date().toISOString(), scope, token);
    } catch {
      // A busy database delays one heartbeat; the next one catches up.
    }
  }, LOCK_HEARTBEAT_MS);
  beat.unref();
  let released = false;
  return {
    scope,
    token,
    release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      if (db.open) db.prepare('DELETE FROM run_locks WHERE scope = ? AND token = ?').run(scope, token);
    },
  };
}

/** Runs `work` holding the import lock of a list, so an automated and a manual import never overlap. */
export async function withImportLock<T>(db: Db, listName: string, work: () => Promise<T>): Promise<T> {
  const lock = acquireRunLock(db, importScope(listName), `an import into "${listName}"`);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
