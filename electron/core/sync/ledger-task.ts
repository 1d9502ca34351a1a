import { errorFromPayload } from '../../../shared/error-payload.js';
import { PinlistError, type ErrorPayload } from '../../../shared/errors.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { spawnWorker } from '../workers/spawn.js';
import { compactLedger } from './ledger.js';
import { computePlan, type PlanInput, type SyncPlan } from './plan.js';
import { dropPlan } from './runs.js';

/** Work the sync engine hands to a worker thread (workers/sync-ledger.worker.ts). */
export type LedgerTask =
  | ({ op: 'plan'; dbPath: string } & PlanInput)
  | { op: 'compact'; dbPath: string; targets: { targetId: number; kind: IdentifierKind }[]; dropPlanOf?: number };

export interface CompactResult {
  targets: { targetId: number; confirmed: number; uncertain: number }[];
}

type TaskResult<T extends LedgerTask> = T extends { op: 'plan' } ? SyncPlan : CompactResult;

/** Runs a task on a connection (the worker's). */
export function runLedgerTask(db: Db, task: LedgerTask): SyncPlan | CompactResult {
  if (task.op === 'plan') {
    const { op: _op, dbPath: _dbPath, ...input } = task;
    return computePlan(db, input);
  }
  return db
    .transaction(() => {
      // The run's plan is no longer needed: deleting its sets (tens of MB at a million members) is work for this thread too.
      if (task.dropPlanOf !== undefined) dropPlan(db, task.dropPlanOf);
      return { targets: task.targets.map(({ targetId, kind }) => ({ targetId, ...compactLedger(db, targetId, kind) })) };
    })
    .immediate();
}

/** Runs a task in a fresh worker thread and resolves with its result. */
export function runInWorker<T extends LedgerTask>(task: T): Promise<TaskResult<T>> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker('sync-ledger', { workerData: task });
    let settled = false;
    worker.once('message', (message: { ok: true; value: TaskResult<T> } | { ok: false; error: ErrorPayload }) => {
      settled = true;
      if (message.ok) resolve(message.value);
      else reject(errorFromPayload(message.error));
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(new PinlistError('INTERNAL', `The sync worker stopped unexpectedly (${error.message}). Nothing was sent; run the sync again.`));
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new PinlistError('INTERNAL', `The sync worker exited (code ${code}) before answering. Nothing was sent; run the sync again.`));
    });
  });
}
