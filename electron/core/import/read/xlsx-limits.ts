import { basename } from 'node:path';
import { PinlistError } from '../../../../shared/errors.js';
import { MAX_ROWS } from './sheet-xml.js';

/**
 * How far Pinlist follows a workbook before refusing it as hostile or damaged. A zip part can
 * inflate a thousandfold (a few MB of "empty rows" or whitespace became 1.5 GB), so each part is
 * capped relative to its compressed size and in absolute terms; a single cell and a run of empty
 * rows are capped too. Real exports stay far inside: Excel compresses sheet XML 5-20×, holds at
 * most 32,767 characters in a cell and 1,048,576 rows in a sheet.
 */
export const XLSX_LIMITS = {
  /** Inflated ÷ compressed, once past `ratioFloorBytes`. */
  maxRatio: 200,
  ratioFloorBytes: 32 * 1024 * 1024,
  /** A worksheet's XML, inflated. */
  maxSheetBytes: 4 * 1024 * 1024 * 1024,
  /** The shared strings' XML, inflated (they are held in memory while the sheet is read). */
  maxSharedStringsBytes: 1024 * 1024 * 1024,
  /** One element (a cell with its text, a tag) in characters of XML. */
  maxElementChars: 1024 * 1024,
  /** Rows that are there but hold nothing, one after another. */
  maxEmptyRows: MAX_ROWS,
} as const;

/** The most a part may inflate to: its ratio cap (never below the floor), within the absolute cap. */
export function inflateCap(compressedSize: number, absolute: number): number {
  return Math.min(absolute, Math.max(XLSX_LIMITS.ratioFloorBytes, compressedSize * XLSX_LIMITS.maxRatio));
}

const NOT_EXCEL = 'Excel itself never writes such a file, so it was made by another program or has been damaged. Open it in Excel or Google Sheets, save it again as .xlsx or "CSV UTF-8", and try again.';

const mib = (bytes: number): string => `${Math.round(bytes / (1024 * 1024)).toLocaleString('en')} MB`;

export function xlsxTooLarge(path: string, part: string, compressed: number, inflated: number): PinlistError {
  return new PinlistError(
    'FILE_XLSX_TOO_LARGE',
    `Pinlist stopped reading "${basename(path)}": its ${part} unpacks to more than ${mib(inflated)} from ${mib(Math.max(compressed, 1024 * 1024))} or less in the file, the mark of a damaged workbook or a "zip bomb". ${NOT_EXCEL}`,
    { path, part, inflatedBytes: inflated, compressedBytes: compressed },
  );
}

export function xlsxCellTooLarge(path: string, where: string, inflatedBytes: number): PinlistError {
  return new PinlistError(
    'FILE_XLSX_CELL_TOO_LARGE',
    `In "${basename(path)}", ${where} holds more than ${mib(XLSX_LIMITS.maxElementChars)} of text; an Excel cell holds at most 32,767 characters. ${NOT_EXCEL}`,
    { path, inflatedBytes },
  );
}

export function xlsxEmptyRows(path: string, sheet: string, row: number, inflatedBytes: number): PinlistError {
  return new PinlistError(
    'FILE_XLSX_EMPTY_ROWS',
    `The sheet "${sheet}" of "${basename(path)}" has more than ${XLSX_LIMITS.maxEmptyRows.toLocaleString('en')} empty rows one after another (up to row ${row.toLocaleString('en')}), more than an Excel sheet can hold. ${NOT_EXCEL}`,
    { path, sheet, rowNumber: row, inflatedBytes },
  );
}

/** "A1"-style name of a cell. */
export function cellName(row: number, column: number): string {
  let letters = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return column > 0 ? `${letters}${row}` : `row ${row}`;
}
