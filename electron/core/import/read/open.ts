import { isAscii } from 'node:buffer';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { PinlistError } from '../../../../shared/errors.js';
import { CsvTableSource } from './csv.js';
import { decodeSample, normalizeEncodingName } from './decode.js';
import { badXlsx, fileBinary, fileEmpty, fileMarkup, fileNotFound, fileUnreadable, isMissing, throwIfAborted, unknownEncoding } from './errors.js';
import {
  detectBom,
  detectBomlessUtf16,
  detectContainer,
  detectDelimiter,
  detectMarkup,
  separatorHint,
  detectNewline,
  guessLegacyEncoding,
  isUtf8Sample,
  looksBinary,
  SAMPLE_BYTES,
} from './sniff.js';
import type { ReadOptions, TableSource } from './types.js';
import { openXlsx } from './xlsx.js';

export type { FileFormat, ReadOptions, RowBatch, TableSource } from './types.js';

const DEFAULT_BATCH_ROWS = 8192;

/**
 * Opens a CSV/TSV or XLSX export for streaming. Decides by content (zip magic means XLSX), not
 * by extension. Refuses missing, empty, binary and broken files here, with a PinlistError whose
 * message says what to do; problems further into a CSV surface from `batches()`.
 */
export async function openTable(path: string, options: ReadOptions = {}): Promise<TableSource> {
  throwIfAborted(options.signal);
  if (options.delimiter !== undefined && (options.delimiter.length !== 1 || '"\r\n'.includes(options.delimiter))) {
    throw new PinlistError('INVALID_INPUT', `"${options.delimiter}" can't separate columns. Choose a comma, semicolon, tab or pipe.`);
  }
  const batchRows = Math.max(1, Math.floor(options.batchRows ?? DEFAULT_BATCH_ROWS));
  const maxRows = options.maxRows === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(options.maxRows));

  let handle: FileHandle;
  try {
    handle = await openFile(path, 'r');
  } catch (error) {
    throw isMissing(error) ? fileNotFound(path) : fileUnreadable(path, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fileUnreadable(path, new Error('not a file'));
    const fileSize = stat.size;
    if (fileSize === 0) throw fileEmpty(path);
    const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, fileSize));
    const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
    const head = sample.subarray(0, bytesRead);
    const complete = bytesRead >= fileSize;

    switch (detectContainer(head)) {
      case 'zip':
        return await openXlsx({ path, fileSize, sheet: options.sheet, batchRows, maxRows, signal: options.signal, onePass: options.onePass === true }, handle, head);
      case 'empty-zip':
        throw badXlsx(path, 'it is an empty zip archive');
      case 'ole':
        throw fileBinary(path, 'xls');
      case 'text':
        break;
    }

    const bom = detectBom(head);
    let encoding: string;
    let mayFallBack = false;
    if (options.encoding !== undefined) {
      encoding = normalizeEncodingName(options.encoding);
      if (!iconv.encodingExists(encoding)) throw unknownEncoding(options.encoding);
    } else if (bom) {
      encoding = bom.encoding;
    } else {
      const utf16 = detectBomlessUtf16(head);
      if (utf16) encoding = utf16;
      else if (isUtf8Sample(head, complete)) {
        encoding = 'utf-8';
        mayFallBack = isAscii(head);
      } else encoding = guessLegacyEncoding(head);
    }
    if (!encoding.startsWith('utf-16') && looksBinary(bom ? head.subarray(bom.length) : head)) {
      // Named like a workbook but not a zip: a damaged download or a renamed file, not "an image".
      if (/\.xls[xm]$/i.test(options.fileName ?? path)) {
        throw badXlsx(path, 'it is not a real Excel workbook (an .xlsx file is a zip package, and this one is not), or it is badly damaged');
      }
      throw fileBinary(path);
    }

    let text = decodeSample(head, encoding);
    if (!complete) {
      // Only whole lines take part in detection.
      const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
      if (lastBreak > 0) text = text.slice(0, lastBreak + 1);
    }
    if (complete && text.trim() === '') throw fileEmpty(path, bom ? 'has nothing in it but a byte order mark' : 'has nothing in it but blank lines');
    const markup = detectMarkup(text);
    if (markup) throw fileMarkup(path, markup);
    const newline = detectNewline(text);
    const hinted = separatorHint(text);
    const delimiter = options.delimiter ?? hinted ?? detectDelimiter(text, newline, complete);
    return new CsvTableSource({
      path,
      fileSize,
      format: { type: 'csv', encoding, delimiter, sheet: null, bom: bom !== null },
      newline,
      mayFallBack,
      batchRows,
      maxRows,
      signal: options.signal,
      skipSeparatorHint: hinted !== null,
    });
  } finally {
    // The CSV reader opens its own handle; XLSX vetting is done with this one by now.
    await handle.close().catch(() => undefined);
  }
}
