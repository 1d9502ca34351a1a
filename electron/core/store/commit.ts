import { PinlistError } from '../../../shared/errors.js';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { HASH_BYTES } from './hashes.js';
import { HashSetProbe, readHashSet, releaseHashSet, writeHashSet } from './hash-sets.js';
import { currentSet, findSuppressionList, memberCounts, requireList, type ListRecord } from './lists.js';
import { adoptPrepared, discardPrepared, listPrepared, preparedSetIds, type KindUpdate, type PreparedKind } from './prepared-sets.js';
import { mergeSets, type HashStream, type MergedHashes } from './merge.js';
import { rememberSuppressedCount, suppressedCountOf } from './suppressed-counts.js';
import type { ImportMode } from '../../../shared/contract/import.js';

export type { ImportMode };

/**
 * How one kind's members change, as a stream: read it to the end (e.g. into `writeHashSet`) and
 * the counts are final.
 */
export interface MemberUpdate extends Iterable<Buffer> {
  /** New members (replace, add). */
  readonly added: number;
  /** Members dropped (replace, remove). */
  readonly removed: number;
  /** Incoming hashes left out because they are on the suppression list (replace, add). */
  readonly suppressed: number;
  /** Hashes yielded so far: the new set's size at the end. */
  readonly size: number;
}

export interface MemberUpdateInput {
  mode: ImportMode;
  /** The file's hashes of this kind: sorted, duplicate-free (e.g. `HashSetBuilder.finish()`). */
  incoming: HashStream;
  /** The list's current set of this kind (`readHashSet`), or `[]`. */
  current: HashStream;
  /** The suppression list's set of this kind; applies to `replace` and `add` only. */
  suppression?: HashStream | undefined;
  /** Reuse the output buffers (see `MergeOptions.reuseChunks`): for a consumer like `writeHashSet`. */
  reuseChunks?: boolean;
}

/**
 * The new member set of one kind and its counts, as one streaming merge:
 * replace → incoming − suppression; add → current ∪ (incoming − suppression);
 * remove → current − incoming. Usable outside a transaction for a preview of the counts.
 */
export function planMemberUpdate(input: MemberUpdateInput): MemberUpdate {
  // The inner merge feeds the outer one, which copies at once, so it may reuse its buffers; the
  // outer one's chunks go to the caller, who may keep them.
  const filtered: MergedHashes | null =
    input.suppression && input.mode !== 'remove'
      ? mergeSets('difference', input.incoming, input.suppression, { reuseChunks: true })
      : null;
  const incoming = filtered ?? input.incoming;
  const outer = { reuseChunks: input.reuseChunks ?? false };
  const suppressed = (): number => filtered?.counts.both ?? 0;
  let merged: MergedHashes;
  let added: () => number;
  let removed: () => number;
  switch (input.mode) {
    case 'replace':
      merged = mergeSets('replace', incoming, input.current, outer);
      added = () => merged.counts.onlyA;
      removed = () => merged.counts.onlyB;
      break;
    case 'add':
      merged = mergeSets('union', input.current, incoming, outer);
      added = () => merged.counts.onlyB;
      removed = () => 0;
      break;
    case 'remove':
      merged = mergeSets('difference', input.current, incoming, outer);
      added = () => 0;
      removed = () => merged.counts.both;
      break;
    default:
      throw new PinlistError('INVALID_INPUT', `Unknown import mode "${String(input.mode)}". Use replace, add or remove.`);
  }
  return {
    [Symbol.iterator]: () => merged[Symbol.iterator](),
    get added() {
      return added();
    },
    get removed() {
      return removed();
    },
    get suppressed() {
      return suppressed();
    },
    get size() {
      return merged.count;
    },
  };
}

export interface IncomingKind {
  kind: IdentifierKind;
  /**
   * The file's valid hashes of this kind, sorted and duplicate-free. A `SortedHashes` from
   * `HashSetBuilder.finish()` also reports its duplicates, which are added up when
   * `CommitImportParams.duplicates` is not given.
   */
  hashes: HashStream & { readonly duplicates?: number };
}

export interface RejectRow {
  /** 1-based row number in the file, as the user sees it. */
  rowNumber: number;
  column: string;
  reason: RejectReason;
  rawValue: string;
  /** The value of the import's extra column in that row (see `CommitImportParams.rejectExtraColumn`). */
  extra?: string | null | undefined;
}

export interface PlaintextRow {
  kind: IdentifierKind;
  hash: Buffer;
  value: string;
}

export interface CommitImportParams {
  listId: number;
  mode: ImportMode;
  /** One entry per mapped kind; kinds not given keep their members. Each kind at most once. */
  incoming: IncomingKind[];
  file: { name: string; size: number; sha256: string };
  /** Stored as JSON (the column mapping the user confirmed). */
  mapping: unknown;
  /** Stored as JSON (delimiter, encoding, sheet, header row…). */
  format: unknown;
  rowsRead: number;
  valid: number;
  rejected: number;
  /** Duplicate values in the file; defaults to the sum of `incoming[].hashes.duplicates`. */
  duplicates?: number;
  rejectReasons: Partial<Record<RejectReason, number>>;
  /** Stored in batches inside the same transaction. */
  rejects?: Iterable<RejectRow>;
  /** The name of the file column kept beside each reject (e.g. a customer ID); null or absent: none. */
  rejectExtraColumn?: string | null | undefined;
  /**
   * Only when the user keeps plaintext. replace: the kinds' old plaintext is dropped first;
   * add: upserted; remove: these rows' hashes are deleted. Values on the suppression list are
   * skipped.
   */
  plaintext?: Iterable<PlaintextRow>;
  durationMs: number;
  /** Default: on for audience lists in replace/add mode. */
  applySuppression?: boolean;
  /**
   * Sets written ahead for this import (store/prepared-sets.ts): a kind whose list and suppression
   * sets are still the ones they were worked out against uses them instead of writing its own;
   * the others are deleted.
   */
  prepared?: readonly PreparedKind[] | null | undefined;
}

export interface KindCommitResult {
  setId: number;
  size: number;
  added: number;
  removed: number;
  suppressed: number;
  /** Of `removed`, members that were on the suppression list (replace). */
  removedSuppressed: number;
  /** This import's change sets (see `import_changes`): null when it added (or removed) nothing of the kind. */
  addedSetId: number | null;
  removedSetId: number | null;
}

export interface CommitImportResult {
  importId: number;
  listId: number;
  mode: ImportMode;
  added: number;
  removed: number;
  suppressed: number;
  /** Of `removed`, members that were on the suppression list (replace: they were never sent anyway). */
  removedSuppressed: number;
  duplicates: number;
  rejectsStored: number;
  /** Members per kind after the import, all kinds. */
  membersAfter: Record<IdentifierKind, number>;
  kinds: Partial<Record<IdentifierKind, KindCommitResult>>;
}

const REJECT_BATCH = 100;

interface RejectInserter {
  add(row: RejectRow): void;
  finish(): number;
}

function rejectInserter(db: Db, importId: number): RejectInserter {
  const values = (n: number): string => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
  const sql = 'INSERT INTO rejects (import_id, row_number, column_name, reason, raw_value, extra_value) VALUES ';
  const batch = db.prepare(sql + values(REJECT_BATCH));
  const params: (number | string | null)[] = [];
  let stored = 0;
  return {
    add(row) {
      params.push(importId, row.rowNumber, row.column, row.reason, row.rawValue, row.extra ?? null);
      if (params.length === REJECT_BATCH * 6) {
        batch.run(params);
        params.length = 0;
        stored += REJECT_BATCH;
      }
    },
    finish() {
      if (params.length > 0) {
        db.prepare(sql + values(params.length / 6)).run(params);
        stored += params.length / 6;
        params.length = 0;
      }
      return stored;
    },
  };
}

function storePlaintext(
  db: Db,
  listId: number,
  mode: ImportMode,
  kinds: IdentifierKind[],
  rows: Iterable<PlaintextRow>,
  suppressionProbes: Map<IdentifierKind, HashSetProbe>,
): void {
  if (mode === 'replace') {
    const clear = db.prepare('DELETE FROM member_plaintext WHERE list_id = ? AND kind = ?');
    for (const kind of kinds) clear.run(listId, kind);
  }
  const upsert = db.prepare('INSERT OR REPLACE INTO member_plaintext (list_id, kind, hash, value) VALUES (?, ?, ?, ?)');
  const remove = db.prepare('DELETE FROM member_plaintext WHERE list_id = ? AND kind = ? AND hash = ?');
  for (const row of rows) {
    if (row.hash.length !== HASH_BYTES) throw new PinlistError('INTERNAL', 'A plaintext row has no valid hash. This is a bug in Pinlist; report it.');
    if (mode === 'remove') {
      remove.run(listId, row.kind, row.hash);
    } else if (!suppressionProbes.get(row.kind)?.has(row.hash)) {
      upsert.run(listId, row.kind, row.hash, row.value);
    }
  }
}

/**
 * Records what an import changed of one kind as two immutable sets, new − old and old − new, so a
 * lookup can say which import added or removed a person (migration 6). Empty changes store no set.
 * A change that is a whole set is that set, not a copy (migration 7): everyone added (a first
 * import) is the new member set, everyone removed (a kind emptied) is the old one. Otherwise it
 * costs one more pass over the old and new sets, inside the import's transaction.
 */
function writeChangeSets(
  db: Db,
  kind: IdentifierKind,
  next: { setId: number; size: number },
  current: { setId: number; size: number } | undefined,
  update: MemberUpdate,
): { addedSetId: number | null; removedSetId: number | null } {
  const write = (count: number, stream: () => HashStream): number | null => (count > 0 ? writeHashSet(db, kind, stream()).setId : null);
  const old = (): HashStream => (current ? readHashSet(db, current.setId) : []);
  return {
    addedSetId:
      update.added > 0 && update.added === next.size
        ? next.setId
        : write(update.added, () => mergeSets('difference', readHashSet(db, next.setId), old(), { reuseChunks: true })),
    removedSetId:
      current && update.removed > 0 && update.removed === current.size
        ? current.setId
        : write(update.removed, () => mergeSets('difference', old(), readHashSet(db, next.setId), { reuseChunks: true })),
  };
}

export type SetRef = { setId: number; size: number };

/**
 * The sets an import of one kind into `list` merges with: the list's current set, and the
 * suppression list's set when it applies (audience lists in replace and add mode) and is not empty.
 * `list.id` null: a list the import will create (it has no members yet).
 */
export function kindBasis(
  db: Db,
  list: { id: number | null; role: ListRecord['role'] },
  kind: IdentifierKind,
  mode: ImportMode,
  applySuppression?: boolean,
): { current: SetRef | undefined; suppression: SetRef | undefined } {
  const current = list.id === null ? undefined : currentSet(db, list.id, kind);
  const suppressionList = (applySuppression ?? list.role === 'audience') && mode !== 'remove' ? findSuppressionList(db) : undefined;
  const suppression = suppressionList && suppressionList.id !== list.id ? currentSet(db, suppressionList.id, kind) : undefined;
  return { current, suppression: suppression && suppression.size > 0 ? suppression : undefined };
}

function fitsBasis(prepared: PreparedKind, kind: IdentifierKind, mode: ImportMode, current: SetRef | undefined, suppression: SetRef | undefined): boolean {
  return (
    prepared.kind === kind &&
    prepared.mode === mode &&
    prepared.currentSetId === (current?.setId ?? null) &&
    prepared.suppressionSetId === (suppression?.setId ?? null)
  );
}

/** One kind of an import: the file's sorted hashes and the sets they merge with (`kindBasis`). */
interface KindUpdateInput {
  kind: IdentifierKind;
  mode: ImportMode;
  hashes: HashStream;
  current: SetRef | undefined;
  suppression: SetRef | undefined;
}

/** One kind's new member set and change sets, written from the file's sorted hashes. */
function writeKindUpdate(db: Db, input: KindUpdateInput): KindUpdate & { written: number[] } {
  const { kind, current, suppression } = input;
  const update = planMemberUpdate({
    mode: input.mode,
    incoming: input.hashes,
    current: current ? readHashSet(db, current.setId) : [],
    suppression: suppression ? readHashSet(db, suppression.setId) : undefined,
    reuseChunks: true,
  });
  const next = writeHashSet(db, kind, update);
  const changes = writeChangeSets(db, kind, next, current, update);
  // The change sets may be the new set itself or the current one (migration 7): not new sets.
  const written = [...new Set([next.setId, changes.addedSetId, changes.removedSetId])].filter((id): id is number => id !== null && id !== current?.setId);
  return { setId: next.setId, size: next.size, added: update.added, removed: update.removed, suppressed: update.suppressed, ...changes, written };
}

/**
 * Writes, ahead of an import, one kind's new member set and change sets against `current` and
 * `suppression` (from `kindBasis`), listed as prepared (store/prepared-sets.ts). Call it inside
 * the transaction that read them.
 */
export function prepareKind(db: Db, input: KindUpdateInput): PreparedKind {
  const update = writeKindUpdate(db, input);
  listPrepared(db, update.written);
  return { kind: input.kind, mode: input.mode, currentSetId: input.current?.setId ?? null, suppressionSetId: input.suppression?.setId ?? null, ...update };
}

/**
 * Applies an import to a list in ONE immediate transaction: for each incoming kind, streams the
 * merge of the file's hashes with the current set (and the suppression list) into a new hash set,
 * points the list at it and deletes the old one; then records the import, its rejects and the
 * opt-in plaintext. A crash at any point leaves the list exactly as before or exactly as after.
 *
 * Runs synchronously (better-sqlite3): call it from a worker thread for large imports. The
 * incoming streams are read to their end here; close their builders afterwards in any case.
 */
export function commitImport(db: Db, params: CommitImportParams): CommitImportResult {
  const seen = new Set<IdentifierKind>();
  for (const { kind } of params.incoming) {
    if (seen.has(kind)) throw new PinlistError('INTERNAL', `Identifier kind "${kind}" was given twice to one import. This is a bug in Pinlist; report it.`);
    seen.add(kind);
  }
  const run = db.transaction((): CommitImportResult => {
    const list = requireList(db, params.listId);
    const kinds: Partial<Record<IdentifierKind, KindCommitResult>> = {};
    const suppressionProbes = new Map<IdentifierKind, HashSetProbe>();
    let added = 0;
    let removed = 0;
    let suppressed = 0;
    let removedSuppressed = 0;

    for (const { kind, hashes } of params.incoming) {
      const { current, suppression } = kindBasis(db, list, kind, params.mode, params.applySuppression);
      if (suppression) suppressionProbes.set(kind, new HashSetProbe(db, suppression.setId));
      // A replace keeps none of the suppressed: every current member on the suppression list goes.
      const kindRemovedSuppressed =
        params.mode === 'replace' && current && suppression ? suppressedCountOf(db, current, suppression) : 0;
      const ahead = params.prepared?.find((prepared) => fitsBasis(prepared, kind, params.mode, current, suppression));
      const update = ahead && adoptPrepared(db, ahead) ? ahead : writeKindUpdate(db, { kind, mode: params.mode, hashes, current, suppression });
      db.prepare(
        'INSERT INTO list_members (list_id, kind, set_id) VALUES (?, ?, ?) ON CONFLICT (list_id, kind) DO UPDATE SET set_id = excluded.set_id',
      ).run(list.id, kind, update.setId);
      // Kept when it is this import's removed set, or an earlier import's added set.
      if (current && current.setId !== update.removedSetId) releaseHashSet(db, current.setId);
      // A replace leaves every suppressed hash out, so the new set's suppressed count is known: 0.
      if (params.mode === 'replace' && suppression) rememberSuppressedCount(db, update.setId, suppression.setId, 0);
      kinds[kind] = {
        setId: update.setId,
        size: update.size,
        added: update.added,
        removed: update.removed,
        suppressed: update.suppressed,
        removedSuppressed: kindRemovedSuppressed,
        addedSetId: update.addedSetId,
        removedSetId: update.removedSetId,
      };
      added += update.added;
      removed += update.removed;
      suppressed += update.suppressed;
      removedSuppressed += kindRemovedSuppressed;
    }
    // Sets written ahead that did not fit (the list changed since the plan) belong to nothing.
    discardPrepared(db, preparedSetIds(params.prepared));

    const duplicates = params.duplicates ?? params.incoming.reduce((sum, { hashes }) => sum + (hashes.duplicates ?? 0), 0);
    const membersAfter = memberCounts(db, list.id);
    const now = new Date().toISOString();
    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (list_id, file_name, file_size, file_sha256, mode, mapping_json, format_json, rows_read, valid,
             rejected, duplicates, suppressed, added, removed, reject_reasons_json, members_after_json, duration_ms, created_at,
             removed_suppressed, reject_extra_column)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          list.id,
          params.file.name,
          params.file.size,
          params.file.sha256,
          params.mode,
          JSON.stringify(params.mapping ?? null),
          JSON.stringify(params.format ?? null),
          params.rowsRead,
          params.valid,
          params.rejected,
          duplicates,
          suppressed,
          added,
          removed,
          JSON.stringify(params.rejectReasons),
          JSON.stringify(membersAfter),
          Math.round(params.durationMs),
          now,
          removedSuppressed,
          params.rejectExtraColumn ?? null,
        ).lastInsertRowid,
    );
    const recordChanges = db.prepare('INSERT INTO import_changes (import_id, kind, added_set_id, removed_set_id) VALUES (?, ?, ?, ?)');
    for (const [kind, result] of Object.entries(kinds)) recordChanges.run(importId, kind, result.addedSetId, result.removedSetId);

    let rejectsStored = 0;
    if (params.rejects) {
      const inserter = rejectInserter(db, importId);
      for (const row of params.rejects) inserter.add(row);
      rejectsStored = inserter.finish();
    }
    if (params.plaintext) {
      storePlaintext(db, list.id, params.mode, params.incoming.map(({ kind }) => kind), params.plaintext, suppressionProbes);
    }
    db.prepare('UPDATE lists SET updated_at = ? WHERE id = ?').run(now, list.id);

    return { importId, listId: list.id, mode: params.mode, added, removed, suppressed, removedSuppressed, duplicates, rejectsStored, membersAfter, kinds };
  });
  return run.immediate();
}
