import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { deleteHashSet, hashesOf, HASH_BYTES, mergeSets, readHashSet, sortUniqueHashes, writeHashSet, type HashStream } from '../store/index.js';
import { getTargetById, setLedgerSets } from './targets.js';

/**
 * The confirmed ledger of one target: what Pinterest has answered 200 for
 * (docs/decisions/0005-sync-ledger.md).
 *
 *   base       an immutable hash set: the members confirmed as of the last compaction
 *   uncertain  an immutable hash set: records whose state on Pinterest is unknown (sent, unanswered)
 *   journal    `sync_batches`: one row per batch of the run in progress (or of one killed run)
 *
 * A batch row is written as 'sent' before its request and turned 'confirmed' after the 200, in
 * the transaction that counts it; that is the whole per-batch cost. Compaction folds the journal
 * into new base/uncertain sets at the start and end of every sync.
 */

export type BatchOp = 'ADD' | 'REMOVE';

interface JournalRow {
  op: BatchOp;
  state: 'sent' | 'confirmed' | 'refused';
  hashes: Buffer;
}

/** The ledger as sorted streams, ready for set algebra. Read inside one transaction. */
export interface LedgerView {
  /** What Pinterest holds, as far as Pinlist knows for certain. */
  confirmed(): HashStream;
  /** Records that may or may not be on Pinterest; empty after a sync that ended normally. */
  uncertain(): HashStream;
  readonly uncertainCount: number;
  readonly journalRows: number;
  /** The base size before the journal is applied. */
  readonly baseSize: number;
}

function sortedUnique(buffers: Buffer[]): Buffer {
  if (buffers.length === 0) return Buffer.alloc(0);
  const all = Buffer.allocUnsafeSlow(buffers.reduce((sum, b) => sum + b.length, 0));
  let at = 0;
  for (const b of buffers) at += b.copy(all, at);
  return sortUniqueHashes(all, all.length / HASH_BYTES).buffer;
}

function journal(db: Db, targetId: number): JournalRow[] {
  return db.prepare('SELECT op, state, hashes FROM sync_batches WHERE target_id = ? ORDER BY id').all(targetId) as JournalRow[];
}

const empty: HashStream = [];

/**
 * The target's ledger with its journal applied:
 *   confirmed = (base ∪ confirmed ADDs) − confirmed REMOVEs
 *   uncertain = (uncertain ∪ unanswered batches) − confirmed batches
 * A confirmed answer is the latest word on a record: within one run a record is only ever sent
 * with one operation (the plan's adds and removes are disjoint), and again only to resend it.
 */
export function ledgerView(db: Db, targetId: number | null): LedgerView {
  const target = targetId === null ? undefined : getTargetById(db, targetId);
  const baseSetId = target?.ledgerSetId ?? null;
  const uncertainSetId = target?.uncertainSetId ?? null;
  const rows = target ? journal(db, target.id) : [];
  const adds = sortedUnique(rows.filter((r) => r.state === 'confirmed' && r.op === 'ADD').map((r) => r.hashes));
  const removes = sortedUnique(rows.filter((r) => r.state === 'confirmed' && r.op === 'REMOVE').map((r) => r.hashes));
  const answered = sortedUnique(rows.filter((r) => r.state === 'confirmed').map((r) => r.hashes));
  const unanswered = sortedUnique(rows.filter((r) => r.state === 'sent').map((r) => r.hashes));
  const base = (): HashStream => (baseSetId === null ? empty : readHashSet(db, baseSetId));
  const oldUncertain = (): HashStream => (uncertainSetId === null ? empty : readHashSet(db, uncertainSetId));

  // Small enough to hold: the uncertain records are at most the batches in flight when a sync died.
  const uncertainBuffers: Buffer[] = [];
  const uncertainMerge = mergeSets('difference', mergeSets('union', oldUncertain(), hashesOf(unanswered)), hashesOf(answered));
  for (const chunk of uncertainMerge) uncertainBuffers.push(chunk);
  const uncertainAll = Buffer.concat(uncertainBuffers);

  const baseSize = baseSetId === null ? 0 : (db.prepare('SELECT size FROM hash_sets WHERE id = ?').pluck().get(baseSetId) as number);
  return {
    confirmed: () => {
      if (adds.length === 0 && removes.length === 0) return base();
      return mergeSets('difference', mergeSets('union', base(), hashesOf(adds), { reuseChunks: true }), hashesOf(removes));
    },
    uncertain: () => hashesOf(uncertainAll),
    uncertainCount: uncertainAll.length / HASH_BYTES,
    journalRows: rows.length,
    baseSize,
  };
}

/**
 * Folds the journal into new base and uncertain sets and empties it, in one transaction (the
 * caller holds the list's sync lock). Returns the confirmed size.
 */
export function compactLedger(db: Db, targetId: number, kind: IdentifierKind): { confirmed: number; uncertain: number } {
  return db.transaction(() => {
    const target = getTargetById(db, targetId);
    if (!target) return { confirmed: 0, uncertain: 0 };
    const view = ledgerView(db, targetId);
    if (view.journalRows === 0) {
      return { confirmed: view.baseSize, uncertain: view.uncertainCount };
    }
    const base = writeHashSet(db, kind, view.confirmed());
    const uncertain = view.uncertainCount > 0 ? writeHashSet(db, kind, view.uncertain()) : null;
    setLedgerSets(db, targetId, base.setId, uncertain?.setId ?? null);
    if (target.ledgerSetId !== null) deleteHashSet(db, target.ledgerSetId);
    if (target.uncertainSetId !== null) deleteHashSet(db, target.uncertainSetId);
    db.prepare('DELETE FROM sync_batches WHERE target_id = ?').run(targetId);
    return { confirmed: base.size, uncertain: uncertain?.size ?? 0 };
  })();
}

/**
 * Forgets what Pinterest holds for a target (a different remote list was adopted): Pinterest
 * cannot list a customer list's members, so the ledger starts empty.
 */
export function resetLedger(db: Db, targetId: number): void {
  db.transaction(() => {
    const target = getTargetById(db, targetId);
    if (!target) return;
    setLedgerSets(db, targetId, null, null);
    if (target.ledgerSetId !== null) deleteHashSet(db, target.ledgerSetId);
    if (target.uncertainSetId !== null) deleteHashSet(db, target.uncertainSetId);
    db.prepare('DELETE FROM sync_batches WHERE target_id = ?').run(targetId);
  })();
}

export interface BatchFacts {
  targetId: number;
  runId: number;
  op: BatchOp;
  /** Sorted 32-byte hashes. */
  hashes: Buffer;
}

/** Before the request: the records become uncertain until the answer. Returns the journal row. */
export function recordBatchSent(db: Db, batch: BatchFacts): number {
  return Number(
    db
      .prepare("INSERT INTO sync_batches (target_id, run_id, op, state, size, hashes, sent_at) VALUES (?, ?, ?, 'sent', ?, ?, ?)")
      .run(batch.targetId, batch.runId, batch.op, batch.hashes.length / HASH_BYTES, batch.hashes, new Date().toISOString()).lastInsertRowid,
  );
}

/** After a 200: the ledger advances. Call inside the transaction that counts the batch. */
export function confirmBatch(db: Db, batchId: number): void {
  db.prepare("UPDATE sync_batches SET state = 'confirmed', answered_at = ? WHERE id = ?").run(new Date().toISOString(), batchId);
}

/** Pinterest refused the request outright (nothing applied): the records are not uncertain. */
export function dropBatch(db: Db, batchId: number): void {
  db.prepare('DELETE FROM sync_batches WHERE id = ?').run(batchId);
}

/** A single record Pinterest refused even alone: kept for the report, never applied. */
export function refuseBatch(db: Db, batchId: number): void {
  db.prepare("UPDATE sync_batches SET state = 'refused', answered_at = ? WHERE id = ?").run(new Date().toISOString(), batchId);
}
