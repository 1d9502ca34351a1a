import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { preparedSetIds, type PreparedKind } from '../store/prepared-sets.js';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import type { PlaintextRow, RejectRow } from '../store/commit.js';
import { HASH_BYTES, SET_CHUNK_HASHES } from '../store/hashes.js';
import type { SortedHashes } from '../store/sorted-runs.js';
import type { FileRecord } from './commit-stage.js';
import type { FileIdentity } from './file-identity.js';
import type { KindResult, StageResult } from './hash-stage.js';
import type { DiscardPrepared } from './protocol.js';
import { PlaintextSpill, RejectSpill } from './spill.js';

/**
 * What a plan ("What will happen") read, kept on disk so that the Import that follows commits it
 * instead of reading the file again: per kind the sorted, duplicate-free hashes, plus the rejects
 * (and opt-in plaintext) spills, in `<tmp>/hashruns-<pid>-staged-*` (swept after a crash like the
 * sort runs). Independent of the target list and the mode: those only change the merge.
 */
export interface StagedMeta {
  file: FileRecord;
  /** The file as the plan read it: an import checks it is still the same before using this. */
  identity: FileIdentity;
  format: unknown;
  mapping: unknown;
  kinds: { kind: IdentifierKind; count: number; duplicates: number }[];
  rowsRead: number;
  rejected: number;
  rejectReasons: Partial<Record<RejectReason, number>>;
  columnNames: string[];
  /** The column whose value the plan kept beside each reject; null: none was asked for (see StagedPlans.key). */
  rejectExtraColumn: string | null;
  rejectBytes: number;
  rejectCount: number;
  plaintextBytes: number | null;
}

export interface StagedImport {
  dir: string;
  meta: StagedMeta;
}

export function makeStagedDir(tempDir: string): string {
  fs.mkdirSync(tempDir, { recursive: true });
  return fs.mkdtempSync(path.join(tempDir, `hashruns-${process.pid}-staged-`));
}

/**
 * A hasher worker started when a plan is kept, loaded and waiting for the import that usually
 * follows (import-hasher.worker.ts, standby): that import then skips a worker's start (~50-70 ms
 * of its ~0.2 s). Unreferenced while it waits, so it keeps no process alive; ended with the plan.
 */
const standbyHashers = new Map<string, Worker>();

export function keepStandbyHasher(staged: StagedImport, worker: Worker): void {
  worker.unref();
  void standbyHashers.get(staged.dir)?.terminate();
  standbyHashers.set(staged.dir, worker);
  // One that could not start, or ended, is not handed out: the import starts its own.
  const forget = (): void => {
    if (standbyHashers.get(staged.dir) === worker) standbyHashers.delete(staged.dir);
  };
  worker.on('error', forget);
  worker.once('exit', forget);
}

/** The plan's waiting hasher, now the caller's (null if none was kept or it has gone). */
export function takeStandbyHasher(staged: StagedImport): Worker | null {
  const worker = standbyHashers.get(staged.dir) ?? null;
  standbyHashers.delete(staged.dir);
  return worker;
}

/** The member sets each kept plan wrote ahead for its import (store/prepared-sets.ts), and where. */
const preparedSets = new Map<string, { dbPath: string; prepared: PreparedKind[] }>();

export function keepPrepared(staged: StagedImport, dbPath: string, prepared: PreparedKind[] | null): void {
  if (prepared && prepared.length > 0) preparedSets.set(staged.dir, { dbPath, prepared });
}

/** Tests: the sets written ahead for this plan's import, left in place (null: none). */
export function preparedOf(staged: StagedImport): PreparedKind[] | null {
  return preparedSets.get(staged.dir)?.prepared ?? null;
}

/** The sets written ahead for this plan's import, now the caller's (null: none). */
export function takePrepared(staged: StagedImport): PreparedKind[] | null {
  return takePreparedEntry(staged)?.prepared ?? null;
}

function takePreparedEntry(staged: StagedImport): { dbPath: string; prepared: PreparedKind[] } | undefined {
  const entry = preparedSets.get(staged.dir);
  preparedSets.delete(staged.dir);
  return entry;
}

/** How long a dropped plan's waiting hasher may take to delete the sets written ahead, before it is stopped. */
const DISCARD_GRACE_MS = 10_000;

/**
 * Drops a plan: its folder, its waiting hasher and the sets written ahead for it, which that
 * hasher deletes before it ends (any it cannot are swept by a later import). Settles once that
 * hasher has ended, so that a caller closing the data folder leaves no one writing in it.
 */
export function removeStaged(staged: StagedImport | null | undefined): Promise<void> {
  if (!staged) return Promise.resolve();
  const standby = takeStandbyHasher(staged);
  const entry = takePreparedEntry(staged);
  fs.rmSync(staged.dir, { recursive: true, force: true });
  if (!standby) return Promise.resolve();
  const ended = new Promise<void>((resolve) => standby.once('exit', () => resolve()));
  if (entry) {
    standby.postMessage({ type: 'discard', dbPath: entry.dbPath, setIds: preparedSetIds(entry.prepared) } satisfies DiscardPrepared);
    const stop = setTimeout(() => void standby.terminate(), DISCARD_GRACE_MS);
    stop.unref();
    void ended.then(() => clearTimeout(stop));
  } else {
    void standby.terminate();
  }
  return ended;
}

function kindFile(dir: string, kind: IdentifierKind): string {
  return path.join(dir, `${kind}.bin`);
}

/**
 * Wraps each kind's sorted stream so that whatever reads it (the plan's merges) also writes it to
 * the staged folder. A merge that stops reading early (remove mode can) leaves the rest: it is
 * copied when the stream is closed, so the staged set is always whole.
 */
export class StagingTee {
  private readonly open = new Map<IdentifierKind, { fd: number; written: number; ended: boolean }>();

  constructor(private readonly dir: string) {}

  wrap(results: KindResult[]): void {
    for (const result of results) result.hashes = this.tee(result.kind, result.hashes);
  }

  private tee(kind: IdentifierKind, hashes: SortedHashes): SortedHashes {
    const state = { fd: fs.openSync(kindFile(this.dir, kind), 'w'), written: 0, ended: false };
    this.open.set(kind, state);
    const write = (chunk: Buffer): void => {
      let at = 0;
      while (at < chunk.length) at += fs.writeSync(state.fd, chunk, at, chunk.length - at);
      state.written += chunk.length;
    };
    return {
      *[Symbol.iterator]() {
        const iterator = hashes[Symbol.iterator]();
        try {
          for (;;) {
            const next = iterator.next();
            if (next.done) break;
            write(next.value);
            yield next.value;
          }
          state.ended = true;
        } finally {
          if (!state.ended) {
            // The reader stopped early: copy the rest.
            for (;;) {
              const next = iterator.next();
              if (next.done) break;
              write(next.value);
            }
            state.ended = true;
          }
        }
      },
      get duplicates() {
        return hashes.duplicates;
      },
      get count() {
        return hashes.count;
      },
    };
  }

  /** Closes the files; the kinds' counts, or null when a stream was not read (nothing to stage). */
  seal(results: KindResult[]): StagedMeta['kinds'] | null {
    let whole = true;
    for (const state of this.open.values()) {
      fs.closeSync(state.fd);
      if (!state.ended) whole = false;
    }
    this.open.clear();
    if (!whole) return null;
    return results.map(({ kind, hashes }) => ({ kind, count: hashes.count, duplicates: hashes.duplicates }));
  }

  abandon(): void {
    for (const state of this.open.values()) fs.closeSync(state.fd);
    this.open.clear();
  }
}

const READ_HASHES = SET_CHUNK_HASHES;

/** A staged kind's hashes, read back in chunks: sorted, duplicate-free, counts known. */
function stagedHashes(file: string, count: number, duplicates: number): SortedHashes {
  return {
    *[Symbol.iterator]() {
      if (count === 0) return;
      const fd = fs.openSync(file, 'r');
      try {
        for (;;) {
          // A fresh buffer per chunk: a merge may keep the chunks it is given.
          const chunk = Buffer.allocUnsafe(READ_HASHES * HASH_BYTES);
          let filled = 0;
          while (filled < chunk.length) {
            const got = fs.readSync(fd, chunk, filled, chunk.length - filled, null);
            if (got === 0) break;
            filled += got;
          }
          if (filled % HASH_BYTES !== 0) throw new Error(`staged hashes ${file} end mid-hash`);
          if (filled > 0) yield chunk.subarray(0, filled);
          if (filled < chunk.length) return;
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    duplicates,
    count,
  };
}

/** A staged plan as the commit reads it: the same shape as a finished HashStage. */
export class StagedStage implements StageResult {
  readonly kinds: IdentifierKind[];
  readonly rowsRead: number;
  readonly rejected: number;
  readonly rejectReasons: Partial<Record<RejectReason, number>>;
  readonly rejects: { rows(): Iterable<RejectRow> };
  readonly plaintext: { rows(): Iterable<PlaintextRow> } | null;
  readonly extraColumn: string | null;
  private readonly results: KindResult[];

  constructor(staged: StagedImport) {
    const { meta, dir } = staged;
    this.kinds = meta.kinds.map((entry) => entry.kind);
    this.rowsRead = meta.rowsRead;
    this.rejected = meta.rejected;
    this.rejectReasons = meta.rejectReasons;
    this.extraColumn = meta.rejectExtraColumn;
    this.results = meta.kinds.map((entry) => ({ kind: entry.kind, hashes: stagedHashes(kindFile(dir, entry.kind), entry.count, entry.duplicates) }));
    this.rejects = RejectSpill.existing(path.join(dir, 'rejects.bin'), meta.columnNames, meta.rejectBytes);
    this.plaintext = meta.plaintextBytes === null ? null : PlaintextSpill.existing(path.join(dir, 'plaintext.bin'), meta.plaintextBytes);
  }

  finish(): KindResult[] {
    return this.results;
  }

  uniqueCount(): number {
    return this.results.reduce((sum, result) => sum + result.hashes.count, 0);
  }

  duplicateCount(): number {
    return this.results.reduce((sum, result) => sum + result.hashes.duplicates, 0);
  }

  /** Members the commit will save (before suppression), for the "Saving N members" phase. */
  memberCount(): number {
    return this.uniqueCount();
  }
}
