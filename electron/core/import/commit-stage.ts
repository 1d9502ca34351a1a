import type { ImportPlan, ImportSummary } from '../../../shared/contract/import.js';
import { PinlistError } from '../../../shared/errors.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { commitImport, kindBasis, planMemberUpdate, prepareKind, type ImportMode, type IncomingKind } from '../store/commit.js';
import type { PreparedKind } from '../store/prepared-sets.js';
import { readHashSet } from '../store/hash-sets.js';
import { createList, currentSet, emptyCounts, findListByName, findSuppressionList, memberCounts, suppressionList, type ListRecord } from '../store/lists.js';
import { drain, type HashStream } from '../store/merge.js';
import { suppressedCountOf } from '../store/suppressed-counts.js';
import { affectedLists } from './affected-lists.js';
import type { SortedHashes } from '../store/sorted-runs.js';
import type { StageResult } from './hash-stage.js';

/** Where an import goes: a named audience list (created on first import) or the suppression list. */
export type ImportTarget = { list: string } | { suppression: true };

export interface FileRecord {
  name: string;
  size: number;
  sha256: string;
}

export interface CommitStageParams {
  target: ImportTarget;
  mode: ImportMode;
  stage: StageResult;
  file: FileRecord;
  mapping: unknown;
  format: unknown;
  /** Date.now() when the import started: the recorded duration runs to the end of the commit. */
  startedAt: number;
  /** Throws CANCELLED when the user has cancelled (checked while the transaction streams). */
  throwIfCancelled: () => void;
  /** Runs inside the transaction just before it commits; throwing rolls everything back. */
  beforeCommit?: (() => void) | undefined;
  /** Sets its plan wrote ahead (planStage with `prepare`): used where the list is still as the plan found it. */
  prepared?: readonly PreparedKind[] | null | undefined;
}

function findTarget(db: Db, target: ImportTarget): ListRecord | undefined {
  return 'suppression' in target ? findSuppressionList(db) : findListByName(db, target.list);
}

/** A sorted stream that checks for cancellation between chunks and still reports its duplicates. */
function guarded(hashes: SortedHashes, throwIfCancelled: () => void): HashStream & { readonly duplicates: number } {
  return {
    *[Symbol.iterator]() {
      for (const chunk of hashes) {
        throwIfCancelled();
        yield chunk;
      }
    },
    get duplicates() {
      return hashes.duplicates;
    },
  };
}

function* guardedRows<T>(rows: Iterable<T>, throwIfCancelled: () => void): Generator<T> {
  let n = 0;
  for (const row of rows) {
    if ((++n & 0xfff) === 0) throwIfCancelled();
    yield row;
  }
}

/**
 * `replace` makes the list exactly the file's members: a kind the list has but the file does not
 * map is emptied. Other modes touch only the file's kinds.
 */
function kindsToEmpty(db: Db, list: ListRecord | undefined, mode: ImportMode, fileKinds: readonly IdentifierKind[]): IdentifierKind[] {
  if (mode !== 'replace' || !list) return [];
  return IDENTIFIER_KINDS.filter((kind) => !fileKinds.includes(kind) && (currentSet(db, list.id, kind)?.size ?? 0) > 0);
}

/**
 * Writes the import in ONE transaction (creating the list if needed): the new member sets, the
 * import record, its rejects and the opt-in plaintext. A crash or a cancel before the end leaves
 * the database exactly as it was.
 */
export function commitStage(db: Db, params: CommitStageParams): ImportSummary {
  const { stage, throwIfCancelled } = params;
  const kinds = stage.finish();
  const transaction = db.transaction((): ImportSummary => {
    const list = findTarget(db, params.target) ?? ('suppression' in params.target ? suppressionList(db) : createList(db, params.target.list));
    const incoming: IncomingKind[] = kinds.map(({ kind, hashes }) => ({ kind, hashes: guarded(hashes, throwIfCancelled) }));
    for (const kind of kindsToEmpty(db, list, params.mode, stage.kinds)) incoming.push({ kind, hashes: [] });
    const result = commitImport(db, {
      listId: list.id,
      mode: params.mode,
      incoming,
      file: params.file,
      mapping: params.mapping,
      format: params.format,
      rowsRead: stage.rowsRead,
      // Unique values are only known once the sorted streams have been read: set just below.
      valid: 0,
      rejected: stage.rejected,
      rejectReasons: stage.rejectReasons,
      rejects: guardedRows(stage.rejects.rows(), throwIfCancelled),
      // Recorded whenever the user chose one, even with no rejects: the rejects' export shows the column.
      rejectExtraColumn: stage.extraColumn,
      plaintext: stage.plaintext ? guardedRows(stage.plaintext.rows(), throwIfCancelled) : undefined,
      durationMs: 0,
      prepared: params.prepared,
    });
    const valid = stage.uniqueCount();
    throwIfCancelled();
    params.beforeCommit?.();
    db.prepare('UPDATE imports SET valid = ?, duration_ms = ? WHERE id = ?').run(valid, Math.max(0, Date.now() - params.startedAt), result.importId);
    return {
      list: list.name,
      listId: list.role === 'suppression' ? null : list.id,
      importId: result.importId,
      rowsRead: stage.rowsRead,
      valid,
      rejected: stage.rejected,
      duplicates: result.duplicates,
      suppressed: result.suppressed,
      added: result.added,
      removed: result.removed,
      removedSuppressed: result.removedSuppressed,
      removedNotInFile: params.mode === 'replace' ? result.removed - result.removedSuppressed : 0,
      members: result.membersAfter,
      rejectReasons: stage.rejectReasons,
      ...(list.role === 'suppression' && params.mode !== 'remove' ? { affectedLists: affectedLists(db, result.kinds) } : {}),
    };
  });
  return transaction.immediate();
}

export interface PlanStageParams {
  target: ImportTarget;
  mode: ImportMode;
  stage: StageResult;
  throwIfCancelled: () => void;
  /**
   * A kept plan: also write the member sets its import would write (store/prepared-sets.ts), in the
   * same transaction as the counts, so the Import that follows only repoints the list.
   */
  prepare?: boolean;
}

export type PlanCounts = Omit<ImportPlan, 'columns' | 'format'>;

/**
 * What `commitStage` would do, computed with the same merges inside one transaction: a read, or,
 * with `prepare`, a write of the file's kinds' sets, listed as prepared and so far held by nothing.
 * When the database is too busy to write, it counts without preparing.
 */
export function planStage(db: Db, params: PlanStageParams): { counts: PlanCounts; prepared: PreparedKind[] | null } {
  const countOnly = (): { counts: PlanCounts; prepared: null } => ({ counts: db.transaction(() => countPlan(db, params, null))(), prepared: null });
  if (!params.prepare) return countOnly();
  const prepared: PreparedKind[] = [];
  let began = false;
  try {
    const counts = db.transaction(() => {
      began = true;
      return countPlan(db, params, prepared);
    }).immediate();
    return { counts, prepared };
  } catch (error) {
    // Another writer held the database past the busy timeout before anything was read: count only.
    if (began || !isBusy(error)) throw error;
    return countOnly();
  }
}

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}

/** The plan's counts; with `prepared`, each file kind's sets are written and pushed there. */
function countPlan(db: Db, params: PlanStageParams, prepared: PreparedKind[] | null): PlanCounts {
  const { stage, throwIfCancelled, mode } = params;
  const kinds = stage.finish();
  const list = findTarget(db, params.target);
  const basisList = { id: list?.id ?? null, role: list?.role ?? ('suppression' in params.target ? ('suppression' as const) : ('audience' as const)) };
  const membersBefore = list ? memberCounts(db, list.id) : emptyCounts();
  const membersAfter = { ...membersBefore };
  const work: { kind: IdentifierKind; incoming: HashStream; fromFile: boolean }[] = kinds.map(({ kind, hashes }) => ({ kind, incoming: guarded(hashes, throwIfCancelled), fromFile: true }));
  for (const kind of kindsToEmpty(db, list, mode, stage.kinds)) work.push({ kind, incoming: [], fromFile: false });
  let added = 0;
  let removed = 0;
  let suppressed = 0;
  let removedSuppressed = 0;
  for (const { kind, incoming, fromFile } of work) {
    const { current, suppression } = kindBasis(db, basisList, kind, mode);
    if (mode === 'replace' && current && suppression) removedSuppressed += suppressedCountOf(db, current, suppression);
    let update: { added: number; removed: number; suppressed: number; size: number };
    if (prepared && fromFile) {
      const kindPrepared = prepareKind(db, { kind, mode, hashes: incoming, current, suppression });
      prepared.push(kindPrepared);
      update = kindPrepared;
    } else {
      const merge = planMemberUpdate({
        mode,
        incoming,
        current: current ? readHashSet(db, current.setId) : [],
        suppression: suppression ? readHashSet(db, suppression.setId) : undefined,
        reuseChunks: true,
      });
      drain(merge);
      update = merge;
    }
    added += update.added;
    removed += update.removed;
    suppressed += update.suppressed;
    membersAfter[kind] = update.size;
  }
  return {
    list: list?.name ?? ('suppression' in params.target ? 'Suppression list' : params.target.list),
    listExists: list !== undefined,
    mode,
    rowsRead: stage.rowsRead,
    valid: stage.uniqueCount(),
    rejected: stage.rejected,
    duplicates: stage.duplicateCount(),
    suppressed,
    added,
    removed,
    removedSuppressed,
    removedNotInFile: mode === 'replace' ? removed - removedSuppressed : 0,
    membersBefore,
    membersAfter,
    rejectReasons: stage.rejectReasons,
  };
}

export function cancelledError(): PinlistError {
  return new PinlistError('CANCELLED', 'The import was cancelled. The list was left exactly as it was.');
}
