import fs from 'node:fs';
import path from 'node:path';
import { IDENTIFIER_KINDS, REJECT_REASONS, type IdentifierKind, type RejectReason } from '../../../shared/identifiers.js';
import type { PlaintextRow, RejectRow } from '../store/commit.js';
import { HASH_BYTES } from '../store/hashes.js';

/**
 * Append-only temp files for what an import must keep but not hold in memory: its rejects (an
 * adversarial file is all rejects) and, when the user opts in, the plaintext of valid rows. Both
 * are streamed back into the commit's transaction. The folder is named like the hash-set
 * builder's run folders (`hashruns-<pid>-…`), so `removeStaleRunDirs` sweeps it after a crash.
 */

const WRITE_BUFFER_BYTES = 1 << 20;
const READ_BLOCK_BYTES = 1 << 20;

export function makeSpillDir(tempDir: string): string {
  fs.mkdirSync(tempDir, { recursive: true });
  return fs.mkdtempSync(path.join(tempDir, `hashruns-${process.pid}-spill-`));
}

class AppendFile {
  private buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private at = 0;
  private fd: number | null = null;
  bytes = 0;

  constructor(
    readonly file: string,
    /** A file written before (a staged plan's): `bytes` long, read back only. */
    existingBytes = 0,
  ) {
    this.bytes = existingBytes;
  }

  /** Moves what was written to `dest` (same file system); this file is then empty. */
  moveTo(dest: string): number {
    this.closeForReading();
    const bytes = this.bytes;
    if (bytes > 0) fs.renameSync(this.file, dest);
    this.bytes = 0;
    return bytes;
  }

  /** Room for `bytes` more at `this.at`; returns the buffer to write into. */
  reserve(bytes: number): Buffer {
    if (this.at + bytes > this.buffer.length) {
      this.flush();
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    }
    return this.buffer;
  }

  get offset(): number {
    return this.at;
  }

  advance(bytes: number): void {
    this.at += bytes;
    this.bytes += bytes;
  }

  flush(): void {
    if (this.at === 0) return;
    this.fd ??= fs.openSync(this.file, 'w');
    let written = 0;
    while (written < this.at) written += fs.writeSync(this.fd, this.buffer, written, this.at - written);
    this.at = 0;
  }

  closeForReading(): void {
    if (this.at === 0 && this.fd === null) return;
    this.flush();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Records back in order: `parse` reads one from `block` at `offset`, or returns null if incomplete. */
  *read<T>(parse: (block: Buffer, offset: number, end: number) => { value: T; next: number } | null): Generator<T, void, undefined> {
    this.closeForReading();
    if (this.bytes === 0) return;
    const fd = fs.openSync(this.file, 'r');
    try {
      let block = Buffer.allocUnsafe(READ_BLOCK_BYTES);
      let end = 0;
      for (;;) {
        if (end === block.length) {
          // One record is larger than the block: grow it.
          const bigger = Buffer.allocUnsafe(block.length * 2);
          block.copy(bigger, 0, 0, end);
          block = bigger;
        }
        const got = fs.readSync(fd, block, end, block.length - end, null);
        end += got;
        let offset = 0;
        for (;;) {
          const record = parse(block, offset, end);
          if (!record) break;
          offset = record.next;
          yield record.value;
        }
        if (got === 0) {
          if (offset !== end) throw new Error(`temporary file ${this.file} ends mid-record`);
          return;
        }
        block.copy(block, 0, offset, end);
        end -= offset;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

const REASON_INDEX = new Map<RejectReason, number>(REJECT_REASONS.map((reason, index) => [reason, index]));
const KIND_INDEX = new Map<IdentifierKind, number>(IDENTIFIER_KINDS.map((kind, index) => [kind, index]));
/** Row number, column, reason, raw value's byte length, extra value's byte length (NO_EXTRA: none). */
const REJECT_HEADER = 4 + 2 + 1 + 4 + 4;
const NO_EXTRA = 0xffffffff;
/** Column index meaning "the whole row" (a ragged row). */
export const WHOLE_ROW = 0xffff;
export const WHOLE_ROW_COLUMN_NAME = '(whole row)';

/** Rejects: row number, identifier column, reason, raw value, and the extra column's value (see reject-extras.ts) when one was asked for. */
export class RejectSpill {
  private readonly file: AppendFile;
  count = 0;

  constructor(
    dir: string,
    private readonly columnNames: readonly string[],
    file?: AppendFile,
  ) {
    this.file = file ?? new AppendFile(path.join(dir, 'rejects.bin'));
  }

  /** The rejects a staged plan kept in `file`, to be read back. */
  static existing(file: string, columnNames: readonly string[], bytes: number): RejectSpill {
    return new RejectSpill(path.dirname(file), columnNames, new AppendFile(file, bytes));
  }

  /** Moves the rejects written so far to `dest`; returns their size in bytes. */
  moveTo(dest: string): number {
    return this.file.moveTo(dest);
  }

  add(rowNumber: number, column: number, reason: RejectReason, raw: string, extra: string | null = null): void {
    const buffer = this.file.reserve(REJECT_HEADER + (raw.length + (extra?.length ?? 0)) * 3);
    const at = this.file.offset;
    const length = buffer.write(raw, at + REJECT_HEADER, 'utf8');
    const extraLength = extra === null ? 0 : buffer.write(extra, at + REJECT_HEADER + length, 'utf8');
    buffer.writeUInt32LE(rowNumber, at);
    buffer.writeUInt16LE(column, at + 4);
    buffer.writeUInt8(REASON_INDEX.get(reason)!, at + 6);
    buffer.writeUInt32LE(length, at + 7);
    buffer.writeUInt32LE(extra === null ? NO_EXTRA : extraLength, at + 11);
    this.file.advance(REJECT_HEADER + length + extraLength);
    this.count++;
  }

  /** Reads the rejects back in the order they were added. Call after the last `add`. */
  rows(): Iterable<RejectRow> {
    const names = this.columnNames;
    return {
      [Symbol.iterator]: () =>
        this.file.read<RejectRow>((block, offset, end) => {
          if (end - offset < REJECT_HEADER) return null;
          const length = block.readUInt32LE(offset + 7);
          const extraLength = block.readUInt32LE(offset + 11);
          const rawEnd = offset + REJECT_HEADER + length;
          const next = rawEnd + (extraLength === NO_EXTRA ? 0 : extraLength);
          if (next > end) return null;
          const column = block.readUInt16LE(offset + 4);
          return {
            value: {
              rowNumber: block.readUInt32LE(offset),
              column: column === WHOLE_ROW ? WHOLE_ROW_COLUMN_NAME : (names[column] ?? ''),
              reason: REJECT_REASONS[block.readUInt8(offset + 6)]!,
              rawValue: block.toString('utf8', offset + REJECT_HEADER, rawEnd),
              extra: extraLength === NO_EXTRA ? null : block.toString('utf8', rawEnd, next),
            },
            next,
          };
        }),
    };
  }
}

const PLAINTEXT_HEADER = 1 + HASH_BYTES + 4;

/** Plaintext of valid values (only when the user keeps plaintext): kind, hash, value. */
export class PlaintextSpill {
  private readonly file: AppendFile;
  count = 0;

  constructor(dir: string, file?: AppendFile) {
    this.file = file ?? new AppendFile(path.join(dir, 'plaintext.bin'));
  }

  static existing(file: string, bytes: number): PlaintextSpill {
    return new PlaintextSpill(path.dirname(file), new AppendFile(file, bytes));
  }

  moveTo(dest: string): number {
    return this.file.moveTo(dest);
  }

  add(kind: IdentifierKind, hashes: Buffer, hashOffset: number, value: string): void {
    const buffer = this.file.reserve(PLAINTEXT_HEADER + value.length * 3);
    const at = this.file.offset;
    buffer.writeUInt8(KIND_INDEX.get(kind)!, at);
    hashes.copy(buffer, at + 1, hashOffset, hashOffset + HASH_BYTES);
    const length = buffer.write(value, at + PLAINTEXT_HEADER, 'utf8');
    buffer.writeUInt32LE(length, at + 1 + HASH_BYTES);
    this.file.advance(PLAINTEXT_HEADER + length);
    this.count++;
  }

  rows(): Iterable<PlaintextRow> {
    return {
      [Symbol.iterator]: () =>
        this.file.read<PlaintextRow>((block, offset, end) => {
          if (end - offset < PLAINTEXT_HEADER) return null;
          const length = block.readUInt32LE(offset + 1 + HASH_BYTES);
          const next = offset + PLAINTEXT_HEADER + length;
          if (next > end) return null;
          return {
            value: {
              kind: IDENTIFIER_KINDS[block.readUInt8(offset)]!,
              hash: Buffer.from(block.subarray(offset + 1, offset + 1 + HASH_BYTES)),
              value: block.toString('utf8', offset + PLAINTEXT_HEADER, next),
            },
            next,
          };
        }),
    };
  }
}
