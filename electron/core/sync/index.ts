/**
 * The diff sync engine (docs/decisions/0005-sync-ledger.md).
 *
 *   planSync(env, options)      a dry run: the report of what would be sent, nothing written
 *   runSync(env, options)       a sync; resolves with the report, or throws with details.report
 *   startSyncJob(core, options) runSync as a job of the core (sync.start)
 *   syncHistory / syncStatus / listTargets + targetView for the other channels
 *   lastRuns / pinterestStatusByList  every list's newest run and Pinterest status, for lists.list
 */
export { planSync, runSync, startSyncJob, type SyncEnvironment } from './engine.js';
export { syncHistory, runByJob, getRun, lastRuns } from './runs.js';
export { syncStatus, pinterestStatusByList } from './status.js';
export { listTargets, targetView, getTarget, remoteName, type TargetRow } from './targets.js';
export { liveLock, readLock, acquireSyncLock, releaseSyncLock, type LockInfo } from './lock.js';
export { ledgerView, compactLedger } from './ledger.js';
export { computePlan, planBatches, type SyncPlan, type KindPlan } from './plan.js';
export { guardrailsFor, PINTEREST_MIN_AUDIENCE } from './guardrails.js';
