import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import { normalizeAdId, normalizeEmail, type Normalized } from '../../../shared/normalize.js';
import { HASH_BYTES } from '../store/hashes.js';
import { capRaw, type IdentifierColumn } from './layout.js';
import { WHOLE_ROW } from './spill.js';
import { BatchSha256, writeSha256 } from './sha256-batch.js';

/** One batch of rows as the reader forwards it: only the identifier columns' values. */
export interface ValueBatch {
  firstRowNumber: number;
  count: number;
  /** Per identifier column (in `columns` order): the `count` values of that column. */
  values: string[][];
  /** Offsets (0-based, ascending) of ragged rows in this batch; their values are empty. */
  raggedOffsets: number[];
  /** The ragged rows' raw text, in the same order. */
  raggedRaw: string[];
  /** The `count` values of the column kept beside rejects (see reject-extras.ts), when one was asked for. */
  extra?: string[] | undefined;
}

/** One kind's valid values of a batch, hashed: `count` × 32 bytes, in row order, duplicates kept. */
export interface HashedKind {
  kind: IdentifierKind;
  hashes: Uint8Array;
  count: number;
  /** The normalized values, aligned with the hashes (only when plaintext is kept). */
  values: string[] | null;
}

/** A batch after normalization and hashing: what the hash-set builders and the reject spill take. */
export interface HashedBatch {
  /** Data rows the batch covered. */
  count: number;
  kinds: HashedKind[];
  rejectRows: number[];
  /** Identifier column index, or WHOLE_ROW (spill.ts) for a ragged row. */
  rejectColumns: number[];
  rejectReasons: RejectReason[];
  rejectRaws: string[];
  /** Each reject's value of the extra column, when the batch carried one; null otherwise. */
  rejectExtras: string[] | null;
}

/**
 * Writes the 32-byte SHA-256 a normalized value is stored and sent as: the digest of its UTF-8
 * bytes, or, for a value that arrived pre-hashed (64 hex digits), those bytes themselves.
 */
export function writeMemberHash(target: Buffer, offset: number, value: string, prehashed: boolean): void {
  if (prehashed) target.write(value, offset, 'hex');
  else writeSha256(target, offset, value);
}

type Normalizer = (raw: string) => Normalized;

function normalizerFor(kind: IdentifierKind): Normalizer {
  if (kind === 'email') return normalizeEmail;
  return (raw) => normalizeAdId(raw, kind);
}

interface Slot {
  kind: IdentifierKind;
  buffer: Buffer;
  count: number;
  values: string[] | null;
  /** Values accepted but not hashed yet, and the hash index each one's digest goes to. */
  unhashed: string[];
  unhashedAt: number[];
}

export interface BatchHasherOptions {
  /** Keep the normalized values beside their hashes (the user keeps plaintext). */
  keepValues: boolean;
  /**
   * Reuse one buffer per kind from batch to batch (the caller copies the hashes before the next
   * batch). Off when the hashes are transferred to another thread.
   */
  reuseBuffers: boolean;
}

/**
 * Normalizes and hashes every identifier cell of a batch, by the rules of shared/normalize.ts,
 * and classifies each: valid (hashed into its kind), rejected (row, column, reason, raw value),
 * or skipped (an empty cell beside a filled one). Runs in the hasher, and in the reader when the
 * hasher has a backlog. Counting rules: see `importSummarySchema` in the contract.
 */
export class BatchHasher {
  private readonly normalizers: Normalizer[];
  /** Per identifier column, its kind's slot. */
  private readonly columnSlots: Slot[];
  private readonly slots: Slot[];
  private readonly results: Normalized[];
  private out: HashedBatch = emptyBatch();
  private extra: string[] | null = null;
  private firstRowNumber = 0;
  /**
   * Hashes each batch's values in one go (null: one `crypto.hash` call each). Made with the first
   * batch: the reader, which mostly never hashes, does not build it at its start.
   */
  private sha: BatchSha256 | null | undefined;

  constructor(
    columns: readonly IdentifierColumn[],
    private readonly options: BatchHasherOptions,
  ) {
    const kinds = columns.map((column) => column.kind);
    this.normalizers = kinds.map(normalizerFor);
    this.slots = [...new Set(kinds)].map((kind) => ({ kind, buffer: Buffer.alloc(0), count: 0, values: null, unhashed: [], unhashedAt: [] }));
    this.columnSlots = kinds.map((kind) => this.slots.find((slot) => slot.kind === kind)!);
    this.results = new Array<Normalized>(columns.length);
  }

  hash(batch: ValueBatch): HashedBatch {
    const { count, values, raggedOffsets, raggedRaw, firstRowNumber } = batch;
    this.out = emptyBatch();
    this.out.count = count;
    this.extra = batch.extra ?? null;
    this.firstRowNumber = firstRowNumber;
    if (this.extra) this.out.rejectExtras = [];
    for (const slot of this.slots) {
      if (!this.options.reuseBuffers || slot.buffer.length < count * HASH_BYTES) {
        slot.buffer = Buffer.allocUnsafeSlow(Math.max(count, this.options.reuseBuffers ? 1024 : 1) * HASH_BYTES);
      }
      slot.count = 0;
      slot.values = this.options.keepValues ? [] : null;
      slot.unhashed.length = 0;
      slot.unhashedAt.length = 0;
    }
    let ragged = 0;
    let nextRagged = raggedOffsets.length > 0 ? raggedOffsets[0]! : -1;
    const single = values.length === 1;
    for (let i = 0; i < count; i++) {
      if (i === nextRagged) {
        this.reject(firstRowNumber + i, WHOLE_ROW, 'ragged_row', raggedRaw[ragged] ?? '');
        ragged++;
        nextRagged = ragged < raggedOffsets.length ? raggedOffsets[ragged]! : -1;
        continue;
      }
      if (single) {
        const raw = values[0]![i]!;
        const result = this.normalizers[0]!(raw);
        if (result.ok) this.accept(0, result.value, result.prehashed);
        else this.reject(firstRowNumber + i, 0, result.reason, raw);
      } else {
        this.multiColumnRow(values, i, firstRowNumber + i);
      }
    }
    for (const slot of this.slots) this.hashAccepted(slot);
    this.out.kinds = this.slots.map((slot) => ({
      kind: slot.kind,
      hashes: slot.buffer.subarray(0, slot.count * HASH_BYTES),
      count: slot.count,
      values: slot.values,
    }));
    return this.out;
  }

  /** Several identifier columns: empty cells beside a filled one are skipped; a row with none is one reject. */
  private multiColumnRow(values: string[][], i: number, rowNumber: number): void {
    const results = this.results;
    let filled = 0;
    for (let c = 0; c < values.length; c++) {
      const result = this.normalizers[c]!(values[c]![i]!);
      results[c] = result;
      if (result.ok || result.reason !== 'empty') filled++;
    }
    if (filled === 0) {
      this.reject(rowNumber, 0, 'empty', values[0]![i]!);
      return;
    }
    for (let c = 0; c < values.length; c++) {
      const result = results[c]!;
      if (result.ok) this.accept(c, result.value, result.prehashed);
      else if (result.reason !== 'empty') this.reject(rowNumber, c, result.reason, values[c]![i]!);
    }
  }

  private accept(column: number, value: string, prehashed: boolean): void {
    const slot = this.columnSlots[column]!;
    if (prehashed || (this.sha ??= BatchSha256.create()) === null) {
      writeMemberHash(slot.buffer, slot.count * HASH_BYTES, value, prehashed);
    } else {
      slot.unhashed.push(value);
      slot.unhashedAt.push(slot.count);
    }
    slot.values?.push(value);
    slot.count++;
  }

  /** The batch's accepted values of a slot, hashed at once into their places. */
  private hashAccepted(slot: Slot): void {
    if (slot.unhashed.length === 0) return;
    this.sha!.hashInto(slot.unhashed, slot.buffer, slot.unhashedAt);
    slot.unhashed.length = 0;
    slot.unhashedAt.length = 0;
  }

  private reject(rowNumber: number, column: number, reason: RejectReason, raw: string): void {
    const out = this.out;
    out.rejectRows.push(rowNumber);
    out.rejectColumns.push(column);
    out.rejectReasons.push(reason);
    // Kept so the user can find and fix the cell; a huge one is cut (see capRaw).
    out.rejectRaws.push(capRaw(raw));
    if (this.extra) out.rejectExtras!.push(capRaw(this.extra[rowNumber - this.firstRowNumber] ?? ''));
  }
}

function emptyBatch(): HashedBatch {
  return { count: 0, kinds: [], rejectRows: [], rejectColumns: [], rejectReasons: [], rejectRaws: [], rejectExtras: null };
}
