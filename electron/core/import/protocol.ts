import type { MessagePort } from 'node:worker_threads';
import type { ColumnMapping, MapOverride } from '../../../shared/columns.js';
import type { ImportPreview, ImportSummary } from '../../../shared/contract/import.js';
import { toErrorPayload } from '../../../shared/error-payload.js';
import type { ErrorPayload } from '../../../shared/errors.js';
import type { ImportMode } from '../store/commit.js';
import type { FileRecord, ImportTarget, PlanCounts } from './commit-stage.js';
import type { HashedBatch, ValueBatch } from './batch-hasher.js';
import type { IdentifierColumn, Layout } from './layout.js';
import type { FileFormat } from './read/open.js';
import type { FileIdentity } from './file-identity.js';
import type { PausePoint } from './pause-point.js';
import type { PreparedKind } from '../store/prepared-sets.js';
import type { StagedImport, StagedMeta } from './staged-result.js';

/**
 * Messages between the import's threads. The calling thread starts a reader and a hasher worker
 * and links them with a MessageChannel; batches flow reader → hasher directly. Both report
 * progress and their end to the calling thread.
 * Back-pressure needs no message back: a small shared array holds the count of batches the hasher
 * has consumed, and the reader waits while it is too far ahead (an ack message per batch cost the
 * hasher ~0.4 ms each in postMessage). The same array holds the cancel flag, read synchronously
 * (also inside the commit's transaction); a 'cancel' message also wakes a worker that waits for one.
 */

export interface ReaderWorkerData {
  file: string;
  fileName: string;
  sheet?: string | undefined;
  encoding?: string | undefined;
  overrides: MapOverride[];
  /** The column kept beside each rejected row, as the user named it (see reject-extras.ts). */
  extraColumn?: string | undefined;
  batchRows?: number | undefined;
  /** Normalize and hash batches here: while the hasher has a backlog, never (plaintext is kept), or always (tests). */
  readerHashing: 'auto' | 'never' | 'always';
  control: SharedArrayBuffer;
  hasher: MessagePort;
  /** Tests only: see pause-point.ts. */
  pause?: PausePoint | undefined;
}

export interface HasherWorkerData {
  dbPath: string;
  tempDir: string;
  target: ImportTarget;
  mode: ImportMode;
  keepPlaintext: boolean;
  dryRun: boolean;
  startedAt: number;
  runLimit?: number | undefined;
  control: SharedArrayBuffer;
  /** Absent when committing a staged plan (nothing is read). */
  reader?: MessagePort | undefined;
  /** A plan: keep what it read in this folder (see staged-result.ts). */
  stageDir?: string | undefined;
  /** An import after a plan: commit this instead of reading the file. */
  staged?: StagedImport | undefined;
  /** An import after a plan: the sets the plan wrote ahead for it (store/prepared-sets.ts). */
  prepared?: PreparedKind[] | null | undefined;
}

export interface PreviewWorkerData {
  file: string;
  fileName: string;
  rows: number;
  overrides: MapOverride[];
  sheet?: string | undefined;
  encoding?: string | undefined;
}

/** A batch on the wire: each column's values joined by NUL (one string clones far faster than thousands). */
export interface WireBatch extends Omit<ValueBatch, 'values' | 'extra'> {
  values: (string | string[])[];
  extra?: string | string[] | undefined;
}

export type ReaderToMain =
  | { type: 'layout'; columns: ColumnMapping[]; hasHeader: boolean; format: FileFormat; fileSize: number }
  | { type: 'progress'; rows: number; bytes: number }
  | { type: 'done'; rowsRead: number }
  | { type: 'error'; error: ErrorPayload };

export type ReaderToHasher =
  /** `extraColumn`: the name of the column whose value each batch carries for the rejects (null: none asked for). */
  | { type: 'start'; columns: IdentifierColumn[]; extraColumn: string | null }
  | { type: 'batch'; batch: WireBatch }
  | { type: 'hashed'; batch: HashedBatch }
  | { type: 'end'; file: FileRecord; identity: FileIdentity; format: unknown; mapping: unknown; layout: Layout };

export type HasherToMain =
  | { type: 'progress'; rows: number }
  | { type: 'phase'; phase: 'saving'; members: number }
  /** Saving: hashes streamed into the commit (or the plan's merges) so far. */
  | { type: 'saved'; members: number }
  /** A kept plan: `staged`, and the sets it wrote ahead for its import (`prepared`, null: none). */
  | { type: 'done'; summary: ImportSummary | null; plan: PlanCounts | null; staged?: StagedMeta | null; prepared?: PreparedKind[] | null }
  | { type: 'cancelled' }
  | { type: 'error'; error: ErrorPayload };

export type MainToWorker = { type: 'cancel' };

/**
 * A hasher started ahead of its import (after a plan) waits for one message: start that import,
 * or, when the plan is dropped, delete the sets written ahead for it and end.
 */
export interface StandbyHasherData {
  standby: true;
}
export interface StartStandbyHasher {
  type: 'start';
  data: HasherWorkerData;
}
export interface DiscardPrepared {
  type: 'discard';
  dbPath: string;
  setIds: number[];
}
export type ToStandbyHasher = StartStandbyHasher | DiscardPrepared;

export type PreviewToMain = { type: 'done'; preview: ImportPreview } | { type: 'error'; error: ErrorPayload };

const NUL = '\u0000';

function encodeColumn(column: string[]): string | string[] {
  const joined = column.join(NUL);
  // A value holding a NUL itself would shift every later value: send that column as an array.
  let nuls = 0;
  for (let at = joined.indexOf(NUL); at >= 0; at = joined.indexOf(NUL, at + 1)) nuls++;
  return nuls === column.length - 1 || column.length === 0 ? joined : column;
}

function decodeColumn(column: string | string[], count: number): string[] {
  return typeof column === 'string' ? (count === 0 ? [] : column.split(NUL)) : column;
}

export function encodeBatch(batch: ValueBatch): WireBatch {
  const { extra, ...rest } = batch;
  return { ...rest, values: batch.values.map(encodeColumn), ...(extra ? { extra: encodeColumn(extra) } : {}) };
}

export function decodeBatch(wire: WireBatch): ValueBatch {
  const { extra, ...rest } = wire;
  return { ...rest, values: wire.values.map((column) => decodeColumn(column, wire.count)), ...(extra !== undefined ? { extra: decodeColumn(extra, wire.count) } : {}) };
}

export function errorPayload(error: unknown): ErrorPayload {
  return toErrorPayload(error, { what: 'The import failed unexpectedly' });
}

/** Int32 slots of the shared control array. */
export const CANCELLED_SLOT = 0;
export const CONSUMED_SLOT = 1;
/**
 * An import after a plan: whether the file's SHA-256, checked on the calling thread while the
 * hasher commits, is the plan's (VERIFY_*). The commit waits for it before it ends.
 */
export const VERIFIED_SLOT = 2;
export const CONTROL_BYTES = 12;
export const VERIFY_PENDING = 0;
export const VERIFY_SAME = 1;
export const VERIFY_CHANGED = 2;

export function isCancelled(control: Int32Array): boolean {
  return Atomics.load(control, CANCELLED_SLOT) !== 0;
}

/** Sets the cancel flag and wakes a reader waiting for the hasher. */
export function signalCancel(control: Int32Array): void {
  Atomics.store(control, CANCELLED_SLOT, 1);
  Atomics.notify(control, CONSUMED_SLOT);
}
