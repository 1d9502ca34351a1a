import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw, constants as zlibConstants, inflateRawSync } from 'node:zlib';

/**
 * The part of the zip format a workbook needs: its central directory (to find each part, in
 * whatever order the writer stored them) and one entry's content, inflated as a stream. A
 * truncated file has no end-of-central-directory record, so it is refused up front.
 */

/**
 * Where a zip's bytes come from: an open file (positioned reads, as the preview does) or the parts
 * an import kept in memory from its one pass over the file (see xlsx-one-pass.ts).
 */
export interface ZipBytes {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  /** In memory: an entry's compressed bytes [start, end) in chunks, handed over to its stream. */
  take?(entry: ZipEntry, start: number, end: number): Buffer[];
  /** In memory: the entry is read; its bytes may go. */
  release?(entry: ZipEntry): void;
}

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; problem: 'truncated' | 'corrupt' };

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
/** No workbook has this many parts; a directory claiming more is damage (or a trap). */
const MAX_ENTRIES = 100_000;

async function readAt(handle: ZipBytes, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function readZipDirectory(handle: ZipBytes, fileSize: number): Promise<ZipDirectory> {
  const tailLength = Math.min(fileSize, EOCD_MIN + MAX_COMMENT);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(handle, tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, problem: 'truncated' };
  let count = tail.readUInt16LE(eocd + 10);
  let size = tail.readUInt32LE(eocd + 12);
  let offset = tail.readUInt32LE(eocd + 16);
  const eocdPosition = tailStart + eocd;
  let directoryEnd = eocdPosition;
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // Zip64: the real figures are in the zip64 end record, found through its locator.
    if (eocdPosition < 20) return { ok: false, problem: 'corrupt' };
    const locator = await readAt(handle, eocdPosition - 20, 20);
    if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) return { ok: false, problem: 'corrupt' };
    const recordOffset = Number(locator.readBigUInt64LE(8));
    const record = await readAt(handle, recordOffset, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) return { ok: false, problem: 'corrupt' };
    count = Number(record.readBigUInt64LE(32));
    size = Number(record.readBigUInt64LE(40));
    offset = Number(record.readBigUInt64LE(48));
    directoryEnd = recordOffset;
  }
  if (offset + size > directoryEnd) return { ok: false, problem: 'truncated' };
  if (count > MAX_ENTRIES) return { ok: false, problem: 'corrupt' };

  const directory = await readAt(handle, offset, size);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) return { ok: false, problem: 'corrupt' };
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      encrypted: (directory.readUInt16LE(p + 8) & 1) === 1,
      compressedSize: directory.readUInt32LE(p + 20),
      uncompressedSize: directory.readUInt32LE(p + 24),
      localHeaderOffset: directory.readUInt32LE(p + 42),
    };
    applyZip64Extra(entry, directory.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

/** A zip64 extra field holds, in this order, whichever of the three sizes did not fit in 32 bits. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  if (entry.uncompressedSize !== 0xffffffff && entry.compressedSize !== 0xffffffff && entry.localHeaderOffset !== 0xffffffff) return;
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const length = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const next = (): number | null => {
        if (r + 8 > q + 4 + length || r + 8 > extra.length) return null;
        const value = Number(extra.readBigUInt64LE(r));
        r += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next() ?? entry.uncompressedSize;
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next() ?? entry.compressedSize;
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next() ?? entry.localHeaderOffset;
      return;
    }
    q += 4 + length;
  }
}

/** Where an entry's compressed bytes start, from its local header; null when the header is not there. */
async function dataStart(handle: ZipBytes, entry: ZipEntry): Promise<number | null> {
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) return null;
  return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

/**
 * The first `maxBytes` of an entry's content, inflated, or null when it can't be read. For parts
 * read whole (workbook.xml, its relationships, styles.xml) `maxBytes` is their size cap.
 */
export async function readEntryHead(handle: ZipBytes, entry: ZipEntry, maxBytes: number): Promise<Buffer | null> {
  const start = await dataStart(handle, entry);
  if (start === null) return null;
  const raw = await readAt(handle, start, Math.min(entry.compressedSize, maxBytes));
  if (entry.method === 0) return raw.subarray(0, maxBytes);
  if (entry.method !== 8) return null;
  try {
    // Z_SYNC_FLUSH lets a cut-off deflate stream yield what it has instead of failing;
    // maxOutputLength keeps a small, highly compressed part from inflating without bound.
    return inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: maxBytes });
  } catch {
    return null;
  }
}

/** Why an entry's stream stopped early. */
export class ZipEntryError extends Error {
  constructor(
    readonly problem: 'damaged' | 'incomplete' | 'unsupported' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

export interface EntryStreamOptions {
  /** Stop (ZipEntryError 'too-large') once more than this many bytes have been inflated. */
  maxBytes: number;
  /** Inflated chunk size. */
  chunkBytes?: number;
}

/**
 * An entry's content as a stream of inflated chunks, read from `path` (each stream opens its own
 * descriptor, so two parts can be read side by side). `compressedRead()` and `inflated()` say how
 * far it got, for progress and for the caps.
 */
export class ZipEntryStream {
  private inflatedBytes = 0;
  private source: NodeJS.ReadableStream & { bytesRead?: number; destroy(): void } | null = null;
  private output: (AsyncIterable<Buffer> & { destroy(): void }) | null = null;
  private iterator: AsyncIterator<Buffer> | null = null;
  private done = false;

  constructor(
    private readonly path: string,
    private readonly handle: ZipBytes,
    readonly entry: ZipEntry,
    private readonly options: EntryStreamOptions,
  ) {}

  inflated(): number {
    return this.inflatedBytes;
  }

  compressedRead(): number {
    if (this.done) return this.entry.compressedSize;
    return Math.min(this.source?.bytesRead ?? 0, this.entry.compressedSize);
  }

  /** The next inflated chunk; null at the end of the entry. Throws ZipEntryError. */
  async next(): Promise<Buffer | null> {
    if (this.done) return null;
    if (!this.iterator) await this.open();
    let step: IteratorResult<Buffer>;
    try {
      step = await this.iterator!.next();
    } catch (error) {
      this.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(String((error as Error).message))) {
        throw new ZipEntryError('incomplete', 'the file is incomplete (it may have been cut off while downloading or copying)');
      }
      if (error instanceof ZipEntryError) throw error;
      throw new ZipEntryError('damaged', 'the file is damaged');
    }
    if (step.done) {
      this.done = true;
      this.handle.release?.(this.entry);
      if (this.entry.method === 0 && this.inflatedBytes < this.entry.compressedSize) {
        throw new ZipEntryError('incomplete', 'the file is incomplete (it may have been cut off while downloading or copying)');
      }
      return null;
    }
    this.inflatedBytes += step.value.length;
    if (this.inflatedBytes > this.options.maxBytes) {
      this.close();
      throw new ZipEntryError('too-large', 'too large');
    }
    return step.value;
  }

  close(): void {
    this.done = true;
    this.output?.destroy();
    this.source?.destroy();
    this.handle.release?.(this.entry);
  }

  private async open(): Promise<void> {
    const { entry } = this;
    if (entry.method !== 0 && entry.method !== 8) throw new ZipEntryError('unsupported', `it uses a compression method (${entry.method}) Excel never writes`);
    const start = await dataStart(this.handle, entry);
    if (start === null) throw new ZipEntryError('damaged', 'the file is damaged');
    const chunkBytes = this.options.chunkBytes ?? 256 * 1024;
    const source = this.handle.take
      ? memoryStream(this.handle.take(entry, start, start + Math.max(0, entry.compressedSize)), chunkBytes)
      : createReadStream(this.path, {
          start,
          end: start + Math.max(0, entry.compressedSize) - 1,
          highWaterMark: chunkBytes,
        });
    this.source = source;
    if (entry.compressedSize === 0) {
      source.destroy();
      this.output = { destroy: () => undefined, [Symbol.asyncIterator]: async function* () {} } as AsyncIterable<Buffer> & { destroy(): void };
    } else if (entry.method === 0) {
      this.output = source as unknown as AsyncIterable<Buffer> & { destroy(): void };
    } else {
      const inflate = createInflateRaw({ chunkSize: chunkBytes });
      pipeline(source, inflate, () => undefined);
      this.output = inflate;
    }
    this.iterator = this.output[Symbol.asyncIterator]();
  }
}

/**
 * Kept bytes as a stream of chunks, counting them like a file stream's `bytesRead`. Each chunk is
 * let go once pushed, so an entry's compressed bytes leave memory as they are inflated.
 */
function memoryStream(chunks: Buffer[], chunkBytes: number): Readable & { bytesRead: number } {
  let pending: Buffer | null = null;
  const stream = new Readable({
    read() {
      if (!pending || pending.length === 0) pending = chunks.shift() ?? null;
      if (!pending) {
        this.push(null);
        return;
      }
      const chunk: Buffer = pending.subarray(0, chunkBytes);
      pending = pending.length > chunkBytes ? pending.subarray(chunkBytes) : null;
      counted.bytesRead += chunk.length;
      this.push(chunk);
    },
  });
  const counted = Object.assign(stream, { bytesRead: 0 });
  return counted;
}
