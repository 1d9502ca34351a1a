import type { ImportPreview } from '../../../../shared/contract/index.js';

/** The extension of a file name, lower case, without the dot ("" when there is none). */
export function extensionOf(fileName: string): string {
  const match = /\.([^./\\]+)$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

/**
 * The short type shown on the file card: what Pinlist read the file as, or before (or without)
 * a preview what its name says. A workbook is never labelled CSV.
 */
export function fileTypeBadge(fileName: string, format: ImportPreview['format'] | null | undefined): string {
  if (format?.type === 'xlsx') return 'XLSX';
  if (format?.type === 'csv') return format.delimiter === '\t' ? 'TSV' : 'CSV';
  const extension = extensionOf(fileName);
  if (extension === 'xlsx' || extension === 'xlsm') return 'XLSX';
  if (extension === 'xls') return 'XLS';
  if (extension === 'tsv' || extension === 'tab') return 'TSV';
  if (extension === 'csv' || extension === 'txt') return extension.toUpperCase();
  return extension ? extension.slice(0, 4).toUpperCase() : 'FILE';
}

/** What a file claims to be by its name, for saying what it turned out not to be. */
function claimedKind(fileName: string): string | null {
  switch (extensionOf(fileName)) {
    case 'xlsx':
    case 'xlsm':
      return 'an Excel workbook (.xlsx)';
    case 'xls':
      return 'an old-style Excel workbook (.xls)';
    case 'csv':
      return 'a CSV file';
    case 'tsv':
    case 'tab':
      return 'a tab-separated file';
    case 'txt':
      return 'a text file';
    default:
      return null;
  }
}

/**
 * The heading over an unreadable file's error: names the file and what it was taken for, e.g.
 * "“orders.xlsx” is not a readable Excel workbook (.xlsx)".
 */
export function unreadableFileTitle(fileName: string, code: string | null): string {
  const kind = claimedKind(fileName);
  const name = `“${fileName}”`;
  if (code === 'FILE_EMPTY' || code === 'FILE_NO_ROWS') return `${name} has no rows to import`;
  if (code === 'FILE_NOT_FOUND') return `${name} is no longer there`;
  // Not the file's fault (a worker that stopped, a full disk…): do not blame its contents.
  if (!code?.startsWith('FILE_')) return `Pinlist could not open ${name}`;
  if (extensionOf(fileName) === 'xls') return `${name} is an old-style Excel workbook (.xls), which Pinlist cannot read`;
  if (kind) return `${name} is not a readable ${kind.replace(/^an? /, '')}`;
  return `${name} is not a spreadsheet Pinlist can read`;
}

/** What to do about it, by what the file was taken for. */
export function unreadableFileHint(fileName: string): string {
  const extension = extensionOf(fileName);
  if (extension === 'xlsx' || extension === 'xlsm') return 'It may be damaged, or another kind of file renamed to .xlsx. Open it in Excel and save it again as an Excel workbook or as CSV, then choose it again.';
  if (extension === 'xls') return 'Open it in Excel and save it as an Excel workbook (.xlsx) or as CSV, then choose that file.';
  return 'Choose a CSV, TSV or Excel (.xlsx) export of your customer list.';
}
