import crypto from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { throwIfAborted } from './errors.js';
import type { ZipBytes, ZipEntry } from './zip.js';

const CHUNK_BYTES = 1 << 20;

/**
 * An import's one pass over a workbook (issue 14: the SHA-256 recorded is that of the bytes
 * parsed, never of a second read). The file is read front to back once, each chunk fed to SHA-256;
 * the zip is then parsed from those very bytes, and only the parts the reader needs are kept
 * (copied out, so the rest of the file can go) until each has been read.
 */
export interface WholeFile {
  /** The file in 1 MiB chunks, as read (no one buffer the size of the file, no copies later). */
  bytes: ChunkedBytes;
  sha256: string;
  /** Bytes taken from the file: its size, unless it changed during the pass. */
  bytesRead: number;
}

/**
 * Reads the file sequentially through `handle`, starting with `head` (the bytes open.ts already
 * read from its start to sniff the format), so no byte is read twice. Stops at `fileSize`; one
 * byte past it means the file grew, which is reported as a byte count above the size.
 */
export async function readWholeFile(handle: FileHandle, fileSize: number, head: Buffer, signal: AbortSignal | undefined): Promise<WholeFile> {
  const hash = crypto.createHash('sha256');
  const chunks: Buffer[] = [];
  const headLength = Math.min(head.length, fileSize);
  let filled = 0;
  if (headLength > 0) {
    const first = Buffer.from(head.subarray(0, headLength));
    hash.update(first);
    chunks.push(first);
    filled = headLength;
  }
  while (filled < fileSize) {
    throwIfAborted(signal);
    const chunk = Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, fileSize - filled));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, filled);
    if (bytesRead === 0) break;
    const got = chunk.subarray(0, bytesRead);
    hash.update(got);
    chunks.push(got);
    filled += bytesRead;
  }
  let bytesRead = filled;
  if (filled === fileSize) {
    // A file that grew since its size was taken is not the file that was parsed.
    const probe = Buffer.alloc(1);
    const extra = await handle.read(probe, 0, 1, filled);
    if (extra.bytesRead > 0) {
      hash.update(probe.subarray(0, extra.bytesRead));
      bytesRead += extra.bytesRead;
    }
  }
  return { bytes: new ChunkedBytes(chunks), sha256: hash.digest('hex'), bytesRead };
}

/** The whole file in memory, in chunks, read like a file: to parse the zip's directory and small parts. */
export class ChunkedBytes implements ZipBytes {
  /** Where each chunk starts in the file. */
  private readonly starts: number[] = [];
  readonly length: number;

  constructor(private readonly chunks: readonly Buffer[]) {
    let at = 0;
    for (const chunk of chunks) {
      this.starts.push(at);
      at += chunk.length;
    }
    this.length = at;
  }

  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    let copied = 0;
    for (const piece of this.pieces(position, Math.min(this.length, position + length))) {
      copied += piece.copy(buffer, offset + copied);
    }
    return Promise.resolve({ bytesRead: copied });
  }

  /** Views (no copies) of the bytes [start, end), chunk by chunk. */
  pieces(start: number, end: number): Buffer[] {
    const out: Buffer[] = [];
    if (start < 0 || start >= end) return out;
    let i = this.chunkAt(start);
    while (i < this.chunks.length && this.starts[i]! < end) {
      const chunk = this.chunks[i]!;
      const from = Math.max(0, start - this.starts[i]!);
      const to = Math.min(chunk.length, end - this.starts[i]!);
      if (to > from) out.push(chunk.subarray(from, to));
      i++;
    }
    return out;
  }

  take(_entry: ZipEntry, start: number, end: number): Buffer[] {
    return this.pieces(start, end);
  }

  private chunkAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= position) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

interface KeptPart {
  entry: ZipEntry;
  /** The local header, for dataStart(). */
  start: number;
  header: Buffer;
  dataStart: number;
  /** The compressed data in chunks, until a stream takes them. */
  chunks: Buffer[] | null;
}

/**
 * The entries the reader will stream (the sheet(s) it may open, the shared strings): views of the
 * chunks read that hold them. A stream takes an entry's chunks and lets each go once inflated, so
 * memory follows what is left to read, not the file.
 */
export class KeptParts implements ZipBytes {
  private readonly parts: KeptPart[] = [];

  constructor(whole: ChunkedBytes, entries: readonly ZipEntry[]) {
    const seen = new Set<ZipEntry>();
    for (const entry of entries) {
      if (seen.has(entry)) continue;
      seen.add(entry);
      const start = entry.localHeaderOffset;
      if (start + 30 > whole.length) continue;
      const fixed = Buffer.concat(whole.pieces(start, start + 30));
      const dataStart = start + 30 + fixed.readUInt16LE(26) + fixed.readUInt16LE(28);
      if (dataStart > whole.length) continue;
      const end = Math.min(whole.length, dataStart + Math.max(0, entry.compressedSize));
      // Views into the chunks read, not copies: a chunk no kept part points into goes with `whole`.
      this.parts.push({ entry, start, header: Buffer.concat(whole.pieces(start, dataStart)), dataStart, chunks: whole.pieces(dataStart, end) });
    }
  }

  /** Compressed bytes still held (for tests and the benchmark). */
  heldBytes(): number {
    return this.parts.reduce((sum, p) => sum + (p.chunks?.reduce((n, c) => n + c.length, 0) ?? 0), 0);
  }

  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
    const part = this.parts.find((p) => position >= p.start && position < p.start + p.header.length);
    if (!part) return Promise.resolve({ bytesRead: 0 });
    return Promise.resolve({ bytesRead: copyOut(part.header, part.start, buffer, offset, length, position) });
  }

  /** The entry's compressed chunks, handed over once: the stream that takes them drops each as it goes. */
  take(entry: ZipEntry, start: number, end: number): Buffer[] {
    // By entry, not by position: a crafted zip may point two entries at overlapping bytes.
    const part = this.parts.find((p) => p.entry === entry);
    if (!part?.chunks || start !== part.dataStart) return [];
    const chunks = part.chunks;
    part.chunks = null;
    let left = end - start;
    const out: Buffer[] = [];
    for (const chunk of chunks) {
      if (left <= 0) break;
      out.push(chunk.length <= left ? chunk : chunk.subarray(0, left));
      left -= chunk.length;
    }
    return out;
  }

  release(entry: ZipEntry): void {
    for (const part of this.parts) if (part.entry === entry) part.chunks = null;
  }
}

function copyOut(source: Buffer, sourceStart: number, target: Buffer, offset: number, length: number, position: number): number {
  const from = position - sourceStart;
  if (from < 0 || from >= source.length) return 0;
  return source.copy(target, offset, from, Math.min(source.length, from + length));
}
