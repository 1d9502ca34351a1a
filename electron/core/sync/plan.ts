import { performance } from 'node:perf_hooks';
import { PinlistError } from '../../../shared/errors.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { currentSet, deleteHashSet, diff, findSuppressionList, mergeSets, readHashSet, requireList, writeHashSet, type HashStream } from '../store/index.js';
import { compactLedger, ledgerView, type BatchOp } from './ledger.js';
import { getTarget } from './targets.js';

/**
 * The plan of a sync, per identifier kind: what to ADD and what to REMOVE so that Pinterest
 * holds exactly `desired = list members − suppression list`. Runs in a worker thread (see
 * workers/sync-ledger.worker.ts): the diff over a million members must not block the UI.
 *
 * With uncertain records (a batch in flight when an earlier sync was killed) the plan resends
 * each of them: the ones still desired as ADD, the others as REMOVE.
 *   adds    = desired − (confirmed − uncertain)
 *   removes = (confirmed ∪ uncertain) − desired
 */

export interface KindPlan {
  kind: IdentifierKind;
  targetId: number | null;
  desired: number;
  suppressed: number;
  confirmed: number;
  uncertain: number;
  adds: number;
  removes: number;
  /** The materialised plan (null for a dry run, or when there is nothing to send). */
  addSetId: number | null;
  removeSetId: number | null;
}

export interface SyncPlan {
  listId: number;
  listName: string;
  kinds: KindPlan[];
  /** Reading the sets and computing the diff, all kinds. */
  diffMs: number;
  /** Everything, including compaction and writing the plan. */
  totalMs: number;
}

export interface PlanInput {
  listId: number;
  adAccountId: string;
  /** Materialise the plan for this run (the caller holds the list's sync lock); null: a dry run, nothing written. */
  runId: number | null;
  /** Kinds about to adopt another customer list (dry run): their ledger counts as empty. */
  freshKinds?: IdentifierKind[];
}

interface DiffOutcome {
  adds: number;
  removes: number;
  addChunks: Buffer[];
  removeChunks: Buffer[];
}

function collectDiff(desired: () => HashStream, confirmed: () => HashStream, uncertain: (() => HashStream) | null, keep: boolean): DiffOutcome {
  const addChunks: Buffer[] = [];
  const removeChunks: Buffer[] = [];
  if (!uncertain) {
    const changes = diff(desired(), confirmed());
    for (const { op, hashes } of changes) if (keep) (op === 'add' ? addChunks : removeChunks).push(hashes);
    return { adds: changes.adds, removes: changes.removes, addChunks, removeChunks };
  }
  const surelyThere = mergeSets('difference', confirmed(), uncertain(), { reuseChunks: true });
  const adds = mergeSets('difference', desired(), surelyThere);
  for (const chunk of adds) if (keep) addChunks.push(chunk);
  const maybeThere = mergeSets('union', confirmed(), uncertain(), { reuseChunks: true });
  const removes = mergeSets('difference', maybeThere, desired());
  for (const chunk of removes) if (keep) removeChunks.push(chunk);
  return { adds: adds.count, removes: removes.count, addChunks, removeChunks };
}

function storePlanSet(db: Db, runId: number, kind: IdentifierKind, op: BatchOp, chunks: Buffer[]): number | null {
  if (chunks.length === 0) return null;
  const { setId } = writeHashSet(db, kind, chunks);
  db.prepare('INSERT INTO sync_plan_sets (run_id, kind, op, set_id) VALUES (?, ?, ?, ?)').run(runId, kind, op, setId);
  return setId;
}

export function computePlan(db: Db, input: PlanInput): SyncPlan {
  const started = performance.now();
  let diffMs = 0;
  const work = (): SyncPlan => {
    const list = requireList(db, input.listId);
    if (list.role === 'suppression') {
      throw new PinlistError('INVALID_INPUT', 'The suppression list is never sent to Pinterest; its members are removed from every synced list instead. Pick an audience list.');
    }
    const suppression = findSuppressionList(db);
    const kinds: KindPlan[] = [];
    for (const kind of IDENTIFIER_KINDS) {
      const members = currentSet(db, list.id, kind);
      const target = getTarget(db, list.id, input.adAccountId, kind);
      if ((!members || members.size === 0) && !target) continue;
      if (target && input.runId !== null) compactLedger(db, target.id, kind);
      const suppressionSet = suppression ? currentSet(db, suppression.id, kind) : undefined;

      const diffStarted = performance.now();
      let suppressed = 0;
      let desiredCount = 0;
      const desired = (): HashStream => {
        if (!members || members.size === 0) return [];
        if (!suppressionSet || suppressionSet.size === 0) {
          desiredCount = members.size;
          return readHashSet(db, members.setId);
        }
        const filtered = mergeSets('difference', readHashSet(db, members.setId), readHashSet(db, suppressionSet.setId), { reuseChunks: true });
        // Counts are final once the diff has read the stream to its end.
        return {
          *[Symbol.iterator]() {
            yield* filtered;
            suppressed = filtered.counts.both;
            desiredCount = filtered.count;
          },
        };
      };
      const fresh = input.freshKinds?.includes(kind) ?? false;
      const ledger = ledgerView(db, fresh ? null : (target?.id ?? null));
      const confirmedSize = { n: 0 };
      const confirmed = (): HashStream => {
        const stream = ledger.confirmed();
        return {
          *[Symbol.iterator]() {
            let n = 0;
            for (const chunk of stream) {
              n += chunk.length / 32;
              yield chunk;
            }
            confirmedSize.n = n;
          },
        };
      };
      let addSetId: number | null = null;
      let removeSetId: number | null = null;
      let adds: number;
      let removes: number;
      if (ledger.baseSize === 0 && ledger.journalRows === 0 && ledger.uncertainCount === 0) {
        // Pinterest holds nothing of this kind yet (a first sync): every desired member is an
        // add. Streamed straight into the plan set, so memory does not grow with the list.
        if (input.runId !== null) {
          const written = writeHashSet(db, kind, desired());
          adds = written.size;
          if (adds > 0) {
            db.prepare('INSERT INTO sync_plan_sets (run_id, kind, op, set_id) VALUES (?, ?, ?, ?)').run(input.runId, kind, 'ADD', written.setId);
            addSetId = written.setId;
          } else {
            deleteHashSet(db, written.setId);
          }
        } else {
          adds = 0;
          for (const chunk of desired()) adds += chunk.length / 32;
        }
        removes = 0;
        diffMs += performance.now() - diffStarted;
      } else {
        const outcome = collectDiff(desired, confirmed, ledger.uncertainCount > 0 ? () => ledger.uncertain() : null, input.runId !== null);
        diffMs += performance.now() - diffStarted;
        adds = outcome.adds;
        removes = outcome.removes;
        if (input.runId !== null) {
          addSetId = storePlanSet(db, input.runId, kind, 'ADD', outcome.addChunks);
          removeSetId = storePlanSet(db, input.runId, kind, 'REMOVE', outcome.removeChunks);
        }
      }
      kinds.push({
        kind,
        targetId: target?.id ?? null,
        desired: desiredCount,
        suppressed,
        confirmed: confirmedSize.n,
        uncertain: ledger.uncertainCount,
        adds,
        removes,
        addSetId,
        removeSetId,
      });
    }
    return { listId: list.id, listName: list.name, kinds, diffMs, totalMs: 0 };
  };
  // One transaction: the plan sees one state of the list and the ledger. A real run takes the
  // write lock at once (it writes the plan); a dry run only reads, from one snapshot.
  const plan = input.runId !== null ? db.transaction(work).immediate() : db.transaction(work).deferred();
  plan.totalMs = performance.now() - started;
  return plan;
}

/**
 * The records of a plan set in batches of `batchSize` 32-byte hashes, in order. Reads one stored
 * chunk at a time; the plan set belongs to the run, so nothing else deletes it meanwhile.
 */
export function* planBatches(db: Db, setId: number, batchSize: number): Generator<Buffer, void, undefined> {
  const size = Math.max(1, Math.floor(batchSize));
  let pending: Buffer[] = [];
  let pendingHashes = 0;
  for (const chunk of readHashSet(db, setId)) {
    let at = 0;
    const hashes = chunk.length / 32;
    while (at < hashes) {
      const take = Math.min(size - pendingHashes, hashes - at);
      pending.push(chunk.subarray(at * 32, (at + take) * 32));
      pendingHashes += take;
      at += take;
      if (pendingHashes === size) {
        yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        pending = [];
        pendingHashes = 0;
      }
    }
  }
  if (pendingHashes > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
}

/** Batches a plan of `records` records takes at `batchSize` (for progress and the dry run). */
export function batchCount(records: number, batchSize: number): number {
  return records === 0 ? 0 : Math.ceil(records / Math.max(1, batchSize));
}
