import fs from 'node:fs';
import path from 'node:path';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import type { PlaintextRow, RejectRow } from '../store/commit.js';
import { HASH_BYTES } from '../store/hashes.js';
import { HashSetBuilder, type SortedHashes } from '../store/sorted-runs.js';
import { SortScratch } from '../store/sort.js';
import { BatchHasher, type HashedBatch, type ValueBatch } from './batch-hasher.js';
import type { IdentifierColumn } from './layout.js';
import { makeSpillDir, PlaintextSpill, RejectSpill } from './spill.js';

export { writeMemberHash, type ValueBatch } from './batch-hasher.js';

export interface HashStageOptions {
  columns: readonly IdentifierColumn[];
  /** Where sort runs and spills go (`<dataDir>/tmp`). */
  tempDir: string;
  keepPlaintext: boolean;
  /** The name of the column whose value is kept beside each reject (the batches carry it); null: none. */
  extraColumn?: string | null | undefined;
  /** Hashes per kind kept in memory before a sorted run is written to disk. */
  runLimit?: number;
}

export interface KindResult {
  kind: IdentifierKind;
  /** Sorted, duplicate-free: read it (once) to the end and its `count` and `duplicates` are final. */
  hashes: SortedHashes;
}

/** What the commit and the plan read from a finished stage (a HashStage, or a staged plan). */
export interface StageResult {
  readonly kinds: IdentifierKind[];
  readonly rowsRead: number;
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<RejectReason, number>>;
  readonly rejects: { rows(): Iterable<RejectRow> };
  readonly plaintext: { rows(): Iterable<PlaintextRow> } | null;
  /** The column kept beside each reject (its values are in `rejects`); null: none was asked for. */
  readonly extraColumn: string | null;
  finish(): KindResult[];
  uniqueCount(): number;
  duplicateCount(): number;
}

/**
 * Hashes per kind sorted in memory before a run is spilled: 32 MiB, plus as much sort scratch.
 * The hasher thread is the busier of the two, so a run sorted and spilled while the reader is
 * still busy only delays it: a million-row file in one run measured ~5% faster (and ~0.1 CPU-s
 * less: no spill, no merge) than in two of 524,288, for ~15 MB more peak RSS (~185 MB in all).
 */
export const IMPORT_RUN_LIMIT = 1 << 20;

/**
 * The hasher's state for one import: collects each batch's hashes per kind into hash-set
 * builders (sorted, deduplicated, spilled to disk past a run) and spills rejects (and opt-in
 * plaintext) to temp files. Counting rules: see `importSummarySchema` in the contract.
 */
export class HashStage implements StageResult {
  readonly kinds: IdentifierKind[];
  private readonly hasher: BatchHasher;
  private readonly builders = new Map<IdentifierKind, HashSetBuilder>();
  private readonly scratch = new SortScratch();
  private readonly spillDir: string;
  readonly rejects: RejectSpill;
  readonly plaintext: PlaintextSpill | null;
  readonly columnNames: string[];
  readonly extraColumn: string | null;

  rowsRead = 0;
  rejected = 0;
  readonly rejectReasons: Partial<Record<RejectReason, number>> = {};
  /** Valid values per kind, duplicates included. */
  readonly validValues: Partial<Record<IdentifierKind, number>> = {};
  private finished: KindResult[] | null = null;

  constructor(options: HashStageOptions) {
    this.kinds = [...new Set(options.columns.map((column) => column.kind))];
    this.hasher = new BatchHasher(options.columns, { keepValues: options.keepPlaintext, reuseBuffers: true });
    this.spillDir = makeSpillDir(options.tempDir);
    this.columnNames = options.columns.map((column) => column.name);
    this.extraColumn = options.extraColumn ?? null;
    this.rejects = new RejectSpill(this.spillDir, this.columnNames);
    this.plaintext = options.keepPlaintext ? new PlaintextSpill(this.spillDir) : null;
    for (const kind of this.kinds) {
      this.builders.set(kind, new HashSetBuilder({ tempDir: options.tempDir, scratch: this.scratch, reuseChunks: true, runLimit: options.runLimit ?? IMPORT_RUN_LIMIT }));
      this.validValues[kind] = 0;
    }
  }

  /** Normalizes and hashes a batch here, then adds it. */
  add(batch: ValueBatch): void {
    this.addHashed(this.hasher.hash(batch));
  }

  /** Adds a batch already normalized and hashed (by this thread, or by the reader when this one was behind). */
  addHashed(batch: HashedBatch): void {
    this.rowsRead += batch.count;
    for (const { kind, hashes, count, values } of batch.kinds) {
      const builder = this.builders.get(kind);
      if (!builder) throw new Error(`hashes of kind ${kind} arrived for an import that has no ${kind} column`);
      if (count > 0) builder.add(hashes, count);
      this.validValues[kind]! += count;
      if (this.plaintext && values) {
        const buffer = Buffer.from(hashes.buffer, hashes.byteOffset, hashes.byteLength);
        for (let i = 0; i < count; i++) this.plaintext.add(kind, buffer, i * HASH_BYTES, values[i]!);
      }
    }
    const { rejectRows, rejectColumns, rejectReasons, rejectRaws, rejectExtras } = batch;
    for (let i = 0; i < rejectRows.length; i++) {
      const reason = rejectReasons[i]!;
      this.rejected++;
      this.rejectReasons[reason] = (this.rejectReasons[reason] ?? 0) + 1;
      this.rejects.add(rejectRows[i]!, rejectColumns[i]!, reason, rejectRaws[i]!, rejectExtras?.[i] ?? null);
    }
  }

  /** Ends the input; each kind's hashes are then streamed (sorted, deduplicated) by the commit. */
  finish(): KindResult[] {
    if (this.finished) return this.finished;
    this.finished = this.kinds.map((kind) => ({ kind, hashes: this.builders.get(kind)!.finish() }));
    return this.finished;
  }

  /**
   * Members the commit is about to save, before suppression: exact when every kind fitted in one
   * sorted run, otherwise less the duplicates found only when the runs are merged.
   */
  memberCount(): number {
    let total = 0;
    for (const kind of this.kinds) {
      const builder = this.builders.get(kind)!;
      total += Math.max(0, this.validValues[kind]! - builder.duplicates);
    }
    return total;
  }

  /** Moves the rejects (and plaintext) spills into `dir`: a staged plan keeps them. */
  moveSpillsTo(dir: string): { rejectBytes: number; rejectCount: number; plaintextBytes: number | null } {
    const rejectCount = this.rejects.count;
    const rejectBytes = this.rejects.moveTo(path.join(dir, 'rejects.bin'));
    const plaintextBytes = this.plaintext ? this.plaintext.moveTo(path.join(dir, 'plaintext.bin')) : null;
    return { rejectBytes, rejectCount, plaintextBytes };
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
