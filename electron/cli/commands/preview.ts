import type { Command } from 'commander';
import type { ImportPreview } from '../../../shared/contract/index.js';
import { PinlistError } from '../../../shared/errors.js';
import { KIND_LABEL, REJECT_REASON_LABEL } from '../../../shared/identifiers.js';
import { checkReadingOptions, collectMap, parseMaps, releaseFile, stageFile } from '../import-job.js';
import { formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';

interface PreviewOptions {
  map: string[];
  rows: string;
  sheet?: string;
  encoding?: string;
  json?: boolean;
}

export function registerPreview(program: Command, setup: CommandSetup): void {
  program
    .command('preview')
    .description('Show how the first rows of a file would be imported (raw value, normalized value, hash, status); writes nothing')
    .argument('<file>', 'the spreadsheet to look at')
    .option('--map <COLUMN=KIND>', 'map a column (header name or 1-based number) to email, gaid, idfa or ignore; repeatable', collectMap, [])
    .option('--rows <n>', 'rows to show', '20')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first with data)')
    .option('--encoding <name>', 'override encoding detection, e.g. windows-1252, utf-16le')
    .option('--json', 'print one JSON object: format, columns, rows with their cells, warnings')
    .action(async (file: string, options: PreviewOptions) => {
      const overrides = parseMaps(options.map);
      checkReadingOptions(options);
      const rows = Number(options.rows);
      if (!Number.isInteger(rows) || rows < 1 || rows > 5000) {
        throw new PinlistError('USAGE', `--rows takes a whole number from 1 to 5000 (got "${options.rows}"), e.g. --rows 50.`);
      }
      const runtime = setup.runtime();
      const staged = await stageFile(runtime, file);
      try {
        const preview = await runtime.call('import.preview', { fileId: staged.fileId, rows, overrides, sheet: options.sheet, encoding: options.encoding });
        if (options.json) printJson(setup.output, preview);
        else setup.output.out(describePreview(preview, staged.name));
      } finally {
        await releaseFile(runtime, staged.fileId);
      }
    });
}

function describePreview(preview: ImportPreview, fileName: string): string {
  const { format } = preview;
  const formatText =
    format.type === 'xlsx'
      ? `XLSX, sheet "${format.sheet ?? '?'}"`
      : `CSV, ${format.encoding ?? '?'}${format.bom ? ' with BOM' : ''}, delimiter ${JSON.stringify(format.delimiter)}`;
  const lines = [`${fileName}: ${formatText}, ${format.hasHeader ? 'with a header row' : 'no header row'}.`, 'Columns:'];
  for (const column of preview.columns) {
    const how = column.source === 'user' ? 'mapped by you' : column.source === 'header' ? 'from the header' : 'from the values';
    lines.push(`  ${column.index + 1}. ${column.name}: ${KIND_LABEL[column.kind]} (${how})`);
  }
  const names = new Map(preview.columns.map((column) => [column.index, column.name]));
  const table: string[][] = [];
  for (const row of preview.rows) {
    if (row.rowReason) {
      table.push([String(row.rowNumber), '', row.fields.join(format.delimiter ?? ','), '', '', `rejected: ${REJECT_REASON_LABEL[row.rowReason]}`]);
      continue;
    }
    for (const cell of row.cells) {
      const status = cell.status === 'rejected' ? `rejected: ${cell.reason ? REJECT_REASON_LABEL[cell.reason] : '?'}` : cell.status;
      table.push([String(row.rowNumber), names.get(cell.column) ?? '', cell.raw, cell.normalized ?? '', cell.hash ?? '', status]);
    }
  }
  if (table.length > 0) lines.push('', formatTable(['Row', 'Column', 'Raw', 'Normalized', 'SHA-256', 'Status'], table));
  if (preview.truncated) lines.push('', `Showing the first ${preview.rows.length} rows; the file has more.`);
  for (const warning of preview.warnings) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}
