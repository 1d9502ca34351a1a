import type { LastSync, SyncReport, SyncRun, SyncRunState } from '../../../shared/contract/sync.js';
import type { Db } from '../db/open.js';
import type { LockOwner } from './lock.js';

/** The record of every sync run: when, what was sent, how it ended, and the remote IDs. */

export interface RunCounters {
  added: number;
  removed: number;
  requests: number;
  retries: number;
  batches: number;
}

export function startRun(db: Db, input: { listId: number; adAccountId: string; jobId: string | null; owner: LockOwner }): number {
  return Number(
    db
      .prepare(
        `INSERT INTO sync_runs (list_id, ad_account_id, job_id, state, started_at, owner_pid, owner_host)
         VALUES (?, ?, ?, 'running', ?, ?, ?)`,
      )
      .run(input.listId, input.adAccountId, input.jobId, new Date().toISOString(), input.owner.pid, input.owner.host).lastInsertRowid,
  );
}

/** Counters as they stand; written with each confirmed batch, in its transaction. */
export function saveCounters(db: Db, runId: number, counters: RunCounters): void {
  db.prepare('UPDATE sync_runs SET added = ?, removed = ?, requests = ?, retries = ?, batches = ? WHERE id = ?').run(
    counters.added,
    counters.removed,
    counters.requests,
    counters.retries,
    counters.batches,
    runId,
  );
}

export function finishRun(db: Db, runId: number, state: Exclude<SyncRunState, 'running'>, report: SyncReport): void {
  const remoteIds: Record<string, { customerListId: string | null; audienceId: string | null }> = {};
  for (const [kind, list] of Object.entries(report.customerLists)) {
    remoteIds[kind] = { customerListId: list?.id ?? null, audienceId: report.audiences[kind as keyof typeof report.audiences]?.id ?? null };
  }
  db.prepare(
    `UPDATE sync_runs SET state = ?, ended_at = ?, added = ?, removed = ?, requests = ?, retries = ?, error_code = ?, error_message = ?,
       remote_ids_json = ?, warnings_json = ?, report_json = ? WHERE id = ?`,
  ).run(
    state,
    report.finishedAt ?? new Date().toISOString(),
    report.added,
    report.removed,
    report.requests,
    report.retries,
    report.error?.code ?? null,
    report.error?.message ?? null,
    JSON.stringify(remoteIds),
    JSON.stringify(report.warnings),
    JSON.stringify(report),
    runId,
  );
}

/**
 * Runs of a list left 'running' by a process that died: marked interrupted, their plans dropped.
 * Called under the list's lock, so no live run of the list is touched.
 */
export function interruptStaleRuns(db: Db, listId: number): number {
  const stale = db.prepare("SELECT id FROM sync_runs WHERE list_id = ? AND state = 'running'").pluck().all(listId) as number[];
  const now = new Date().toISOString();
  for (const runId of stale) {
    db.prepare(
      `UPDATE sync_runs SET state = 'interrupted', ended_at = ?, error_code = 'SYNC_INCOMPLETE',
         error_message = 'The sync stopped without finishing (the app or terminal was closed, or the computer stopped). What Pinterest confirmed was kept; the next sync finished the job.'
       WHERE id = ?`,
    ).run(now, runId);
    dropPlan(db, runId);
  }
  return stale.length;
}

export function dropPlan(db: Db, runId: number): void {
  db.prepare('DELETE FROM sync_plan_sets WHERE run_id = ?').run(runId);
}

interface RunRow {
  id: number;
  jobId: string | null;
  listId: number;
  adAccountId: string;
  state: SyncRunState;
  startedAt: string;
  endedAt: string | null;
  added: number;
  removed: number;
  requests: number;
  retries: number;
  batches: number;
  errorCode: string | null;
  errorMessage: string | null;
  remoteIds: string;
  warnings: string;
  report: string | null;
}

const RUN_COLUMNS = `id, job_id AS jobId, list_id AS listId, ad_account_id AS adAccountId, state, started_at AS startedAt, ended_at AS endedAt,
  added, removed, requests, retries, batches, error_code AS errorCode, error_message AS errorMessage,
  remote_ids_json AS remoteIds, warnings_json AS warnings, report_json AS report`;

function runError(row: { errorCode: string | null; errorMessage: string | null }): SyncRun['error'] {
  return row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null;
}

function runView(row: RunRow): SyncRun {
  return {
    runId: row.id,
    jobId: row.jobId,
    listId: row.listId,
    adAccountId: row.adAccountId,
    state: row.state,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    added: row.added,
    removed: row.removed,
    requests: row.requests,
    retries: row.retries,
    batches: row.batches,
    error: runError(row),
    remoteIds: JSON.parse(row.remoteIds) as SyncRun['remoteIds'],
    warnings: JSON.parse(row.warnings) as string[],
    report: row.report ? (JSON.parse(row.report) as SyncReport) : null,
  };
}

export function syncHistory(db: Db, listId: number, limit = 100): SyncRun[] {
  return (db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE list_id = ? ORDER BY id DESC LIMIT ?`).all(listId, limit) as RunRow[]).map(runView);
}

export function runByJob(db: Db, jobId: string): SyncRun | undefined {
  const row = db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE job_id = ? ORDER BY id DESC LIMIT 1`).get(jobId) as RunRow | undefined;
  return row ? runView(row) : undefined;
}

export function getRun(db: Db, runId: number): SyncRun | undefined {
  const row = db.prepare(`SELECT ${RUN_COLUMNS} FROM sync_runs WHERE id = ?`).get(runId) as RunRow | undefined;
  return row ? runView(row) : undefined;
}

type LastSyncRow = Omit<LastSync, 'error'> & { listId: number; errorCode: string | null; errorMessage: string | null };

/**
 * The newest run of every list (or of one), for the list overview: one statement for all lists,
 * without the stored reports (the overview shows only when, +/− and the outcome).
 */
export function lastRuns(db: Db, listId?: number): Map<number, LastSync> {
  const rows = db
    .prepare(
      `SELECT r.id AS runId, r.list_id AS listId, r.ad_account_id AS adAccountId, r.state, r.started_at AS startedAt, r.ended_at AS endedAt,
              r.added, r.removed, r.error_code AS errorCode, r.error_message AS errorMessage
         FROM sync_runs r
         JOIN (SELECT list_id, max(id) AS id FROM sync_runs ${listId === undefined ? '' : 'WHERE list_id = ?'} GROUP BY list_id) newest
           ON newest.id = r.id`,
    )
    .all(...(listId === undefined ? [] : [listId])) as LastSyncRow[];
  return new Map(
    rows.map(({ listId: owner, errorCode, errorMessage, ...run }) => [owner, { ...run, error: runError({ errorCode, errorMessage }) }]),
  );
}
