import type { FileHandle } from 'node:fs/promises';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';

/**
 * Just enough of the zip format to vet a workbook before exceljs streams it: a truncated file
 * has no end-of-central-directory record, and a zip that isn't a workbook has no
 * xl/workbook.xml. Both are refused up front instead of surfacing as a parse error mid-import.
 */

export interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipDirectory =
  | { ok: true; entries: ZipEntry[] | null } // null: zip64, not listed (exceljs will vet it)
  | { ok: false; problem: 'truncated' | 'corrupt' };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function readZipDirectory(handle: FileHandle, fileSize: number): Promise<ZipDirectory> {
  const tailLength = Math.min(fileSize, EOCD_MIN + MAX_COMMENT);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, problem: 'truncated' };
  const count = tail.readUInt16LE(eocd + 10);
  const size = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: true, entries: null };
  const eocdPosition = fileSize - tailLength + eocd;
  if (offset + size > eocdPosition) return { ok: false, problem: 'truncated' };

  const directory = await readAt(handle, offset, size);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) return { ok: false, problem: 'corrupt' };
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    entries.push({
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      encrypted: (directory.readUInt16LE(p + 8) & 1) === 1,
      compressedSize: directory.readUInt32LE(p + 20),
      uncompressedSize: directory.readUInt32LE(p + 24),
      localHeaderOffset: directory.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries };
}

/**
 * The first `maxBytes` of an entry's content, inflated. Used to read a worksheet's
 * `<dimension ref="A1:D1000">` (the row count, for progress) without streaming the sheet twice.
 */
export async function readEntryHead(handle: FileHandle, entry: ZipEntry, maxBytes: number): Promise<string | null> {
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) return null;
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = await readAt(handle, dataStart, Math.min(entry.compressedSize, maxBytes));
  if (entry.method === 0) return raw.toString('utf8');
  if (entry.method !== 8) return null;
  try {
    // Z_SYNC_FLUSH lets a cut-off deflate stream yield what it has instead of failing.
    return inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, maxBytes * 4).toString('utf8');
  } catch {
    return null;
  }
}
