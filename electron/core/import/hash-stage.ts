import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import { normalizeAdId, normalizeEmail, type Normalized } from '../../../shared/normalize.js';
import { HASH_BYTES } from '../store/hashes.js';
import { HashSetBuilder, type SortedHashes } from '../store/runs.js';
import { SortScratch } from '../store/sort.js';
import { capRaw, type IdentifierColumn } from './layout.js';
import { makeSpillDir, PlaintextSpill, RejectSpill, WHOLE_ROW } from './spill.js';

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
}

export interface HashStageOptions {
  columns: readonly IdentifierColumn[];
  /** Where sort runs and spills go (`<dataDir>/tmp`). */
  tempDir: string;
  keepPlaintext: boolean;
  /** Hashes per kind kept in memory before a sorted run is written to disk. */
  runLimit?: number;
}

export interface KindResult {
  kind: IdentifierKind;
  /** Sorted, duplicate-free: read it (once) to the end and its `count` and `duplicates` are final. */
  hashes: SortedHashes;
}

/**
 * Hashes per kind sorted in memory before a run is spilled: 16 MiB, plus as much sort scratch.
 * Half the store's default, so the sort that runs while the reader is still busy (files over
 * half a million rows) stays small; merging one more run costs little.
 */
const DEFAULT_RUN_LIMIT = 524_288;

type Normalizer = (raw: string) => Normalized;

/**
 * Writes the 32-byte SHA-256 a normalized value is stored and sent as: the digest of its UTF-8
 * bytes, or, for a value that arrived pre-hashed (64 hex digits), those bytes themselves.
 */
export function writeMemberHash(target: Buffer, offset: number, value: string, prehashed: boolean): void {
  if (prehashed) target.write(value, offset, 'hex');
  // 'binary' (latin1) output: the 32 digest bytes as one-byte characters, written back as
  // bytes; the fastest way measured here to get a digest into a shared buffer.
  else target.write(crypto.hash('sha256', value, 'binary'), offset, 'binary');
}

function normalizerFor(kind: IdentifierKind): Normalizer {
  if (kind === 'email') return normalizeEmail;
  return (raw) => normalizeAdId(raw, kind);
}

/**
 * Normalizes and hashes the identifier values of every row, collects the hashes per kind into
 * hash-set builders (sorted, deduplicated, spilled to disk past a run), and spills rejects (and
 * opt-in plaintext) to temp files. Counting rules: see `importSummarySchema` in the contract.
 */
export class HashStage {
  readonly kinds: IdentifierKind[];
  private readonly columnKinds: IdentifierKind[];
  private readonly normalizers: Normalizer[];
  private readonly builders = new Map<IdentifierKind, HashSetBuilder>();
  private readonly scratch = new SortScratch();
  /** Per kind, a reused buffer for one batch's hashes. */
  private readonly batchHashes = new Map<IdentifierKind, { buffer: Buffer; count: number }>();
  private readonly spillDir: string;
  readonly rejects: RejectSpill;
  readonly plaintext: PlaintextSpill | null;
  private readonly results: Normalized[];

  rowsRead = 0;
  rejected = 0;
  readonly rejectReasons: Partial<Record<RejectReason, number>> = {};
  /** Valid values per kind, duplicates included. */
  readonly validValues: Partial<Record<IdentifierKind, number>> = {};
  private finished: KindResult[] | null = null;

  constructor(private readonly options: HashStageOptions) {
    this.columnKinds = options.columns.map((column) => column.kind);
    this.normalizers = this.columnKinds.map(normalizerFor);
    this.kinds = [...new Set(this.columnKinds)];
    this.results = new Array<Normalized>(options.columns.length);
    this.spillDir = makeSpillDir(options.tempDir);
    this.rejects = new RejectSpill(this.spillDir, options.columns.map((column) => column.name));
    this.plaintext = options.keepPlaintext ? new PlaintextSpill(this.spillDir) : null;
    for (const kind of this.kinds) {
      this.builders.set(kind, new HashSetBuilder({ tempDir: options.tempDir, scratch: this.scratch, reuseChunks: true, runLimit: options.runLimit ?? DEFAULT_RUN_LIMIT }));
      this.validValues[kind] = 0;
    }
  }

  add(batch: ValueBatch): void {
    const { count, values, raggedOffsets, raggedRaw, firstRowNumber } = batch;
    for (const kind of this.kinds) {
      let slot = this.batchHashes.get(kind);
      if (!slot || slot.buffer.length < count * HASH_BYTES) {
        slot = { buffer: Buffer.allocUnsafeSlow(Math.max(count, 1024) * HASH_BYTES), count: 0 };
        this.batchHashes.set(kind, slot);
      }
      slot.count = 0;
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
        this.addMultiColumnRow(values, i, firstRowNumber + i);
      }
    }
    this.rowsRead += count;
    for (const [kind, slot] of this.batchHashes) {
      if (slot.count > 0) this.builders.get(kind)!.add(slot.buffer, slot.count);
      this.validValues[kind]! += slot.count;
    }
  }

  /** Several identifier columns: empty cells beside a filled one are skipped; a row with none is one reject. */
  private addMultiColumnRow(values: string[][], i: number, rowNumber: number): void {
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
    const kind = this.columnKinds[column]!;
    const slot = this.batchHashes.get(kind)!;
    const offset = slot.count * HASH_BYTES;
    writeMemberHash(slot.buffer, offset, value, prehashed);
    this.plaintext?.add(kind, slot.buffer, offset, value);
    slot.count++;
  }

  private reject(rowNumber: number, column: number, reason: RejectReason, raw: string): void {
    this.rejected++;
    this.rejectReasons[reason] = (this.rejectReasons[reason] ?? 0) + 1;
    this.rejects.add(rowNumber, column, reason, capRaw(raw));
  }

  /** Ends the input; each kind's hashes are then streamed (sorted, deduplicated) by the commit. */
  finish(): KindResult[] {
    if (this.finished) return this.finished;
    this.batchHashes.clear();
    this.finished = this.kinds.map((kind) => ({ kind, hashes: this.builders.get(kind)!.finish() }));
    return this.finished;
  }

  /** Unique valid values per kind so far (final once every kind's stream has been read). */
  uniqueCount(): number {
    let total = 0;
    for (const result of this.finished ?? []) total += result.hashes.count;
    return total;
  }

  duplicateCount(): number {
    let total = 0;
    for (const result of this.finished ?? []) total += result.hashes.duplicates;
    return total;
  }

  /** Removes every temp file. Safe to call more than once. */
  close(): void {
    for (const builder of this.builders.values()) builder.close();
    this.scratch.release();
    fs.rmSync(this.spillDir, { recursive: true, force: true });
  }
}
