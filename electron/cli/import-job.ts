import path from 'node:path';
import type { MapOverride } from '../../shared/columns.js';
import { parseMapOption } from './map-option.js';
import type { ImportSummary } from '../../shared/contract/index.js';
import { errorFromPayload } from '../../shared/error-payload.js';
import { PinlistError } from '../../shared/errors.js';
import { IDENTIFIER_KINDS, KIND_LABEL, REJECT_REASON_LABEL, type RejectReason } from '../../shared/identifiers.js';
import type { Command } from 'commander';
import { formatCount, printJson, type Output } from './output.js';
import type { CommandSetup } from './program.js';
import type { CliRuntime } from './runtime.js';

/** Commander collector for the repeatable `--map COLUMN=KIND`. */
export function collectMap(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseMaps(maps: readonly string[] | undefined): MapOverride[] {
  return (maps ?? []).map(parseMapOption);
}

/**
 * `--sheet` and `--encoding` given empty (or absurdly long) are usage errors said here, rather
 * than an invalid request from the core with a schema trace.
 */
export function checkReadingOptions(options: { sheet?: string | undefined; encoding?: string | undefined }): void {
  if (options.sheet !== undefined) {
    if (options.sheet.trim() === '') throw new PinlistError('USAGE', '--sheet needs the name of a sheet, e.g. --sheet "Customers"; leave it out to read the first sheet with data.');
    if (options.sheet.length > 500) throw new PinlistError('USAGE', 'No workbook has a sheet named that long (Excel allows 31 characters). Check the --sheet name.');
  }
  if (options.encoding !== undefined && (options.encoding.trim() === '' || options.encoding.length > 50)) {
    throw new PinlistError('USAGE', '--encoding needs the name of a text encoding, e.g. --encoding windows-1252 or --encoding utf-16le; leave it out to detect it.');
  }
}

/** Stages a file given on the command line, the way the app stages a dropped file. */
export async function stageFile(runtime: CliRuntime, file: string): Promise<{ fileId: string; name: string }> {
  const staged = await runtime.call('files.stagePath', { path: path.resolve(file) });
  return { fileId: staged.fileId, name: staged.name };
}

/** Forgets a staged file; a failure here must not hide the command's own outcome. */
export async function releaseFile(runtime: CliRuntime, fileId: string): Promise<void> {
  await runtime.call('files.release', { fileId }).catch(() => undefined);
}

/**
 * Waits for an import job, drawing a progress bar on stderr when it is a terminal (and not for
 * --json). Ctrl-C cancels the job, which leaves the list untouched. Throws the job's error.
 */
export async function waitForImportJob(runtime: CliRuntime, output: Output, jobId: string, showProgress: boolean): Promise<ImportSummary> {
  const bar = showProgress && output.isTty ? (await import('./progress-bar.js')).createProgressBar(process.stderr) : null;
  try {
    const job = await runtime.waitForJob(jobId, (progress) => bar?.update(progress));
    bar?.stop(job.state === 'succeeded');
    if (job.state === 'succeeded') return job.result as ImportSummary;
    if (job.state === 'cancelled') throw new PinlistError('CANCELLED', 'The import was cancelled. The list was left exactly as it was.');
    throw job.error ? errorFromPayload(job.error) : new PinlistError('INTERNAL', 'The import failed without saying why. Try again; if it keeps happening, report it.');
  } finally {
    bar?.stop(false);
  }
}

/** What `--json` prints: the summary without `listId` (the CLI names lists by name), keys in the documented order. */
export type ImportSummaryJson = Omit<ImportSummary, 'listId'>;

/** The summary in exactly the shape of `--json` (keys in the documented order). */
export function summaryJson(summary: ImportSummary): ImportSummaryJson {
  return {
    list: summary.list,
    importId: summary.importId,
    rowsRead: summary.rowsRead,
    valid: summary.valid,
    rejected: summary.rejected,
    duplicates: summary.duplicates,
    suppressed: summary.suppressed,
    added: summary.added,
    removed: summary.removed,
    removedSuppressed: summary.removedSuppressed,
    removedNotInFile: summary.removedNotInFile,
    members: { email: summary.members.email, gaid: summary.members.gaid, idfa: summary.members.idfa },
    rejectReasons: summary.rejectReasons,
    ...(summary.affectedLists ? { affectedLists: summary.affectedLists } : {}),
  };
}

/** What an import into the suppression list did to the audience lists, in words. */
export function describeAffectedLists(summary: ImportSummary): string[] {
  if (!summary.affectedLists) return [];
  if (summary.affectedLists.length === 0) return ['  No list has any of these people: no list changes on Pinterest.'];
  const lines = ['  Lists with newly suppressed members (they are no longer sent; the next sync removes them from Pinterest):'];
  for (const list of summary.affectedLists) {
    const kinds = IDENTIFIER_KINDS.filter((kind) => list.suppressed[kind] > 0).map((kind) => `${KIND_LABEL[kind]}: ${formatCount(list.suppressed[kind])}`);
    const onPinterest = list.onPinterest > 0 ? `, ${formatCount(list.onPinterest)} of them on Pinterest now` : '';
    lines.push(`    ${list.name}: ${formatCount(list.total)} (${kinds.join(', ')})${onPinterest}`);
  }
  return lines;
}

/** "Added 4, removed 7 (5 not in the file, 2 on the suppression list)." */
function describeChanges(summary: ImportSummary): string {
  const causes =
    summary.removedSuppressed > 0
      ? ` (${formatCount(summary.removedNotInFile)} not in the file, ${formatCount(summary.removedSuppressed)} on the suppression list)`
      : '';
  return `  Added ${formatCount(summary.added)}, removed ${formatCount(summary.removed)}${causes}.`;
}

export function describeSummary(summary: ImportSummary, fileName: string, mode: string): string {
  const reasons = Object.entries(summary.rejectReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${REJECT_REASON_LABEL[reason as RejectReason] ?? reason}: ${formatCount(count)}`);
  const members = IDENTIFIER_KINDS.map((kind) => `${KIND_LABEL[kind]}: ${formatCount(summary.members[kind])}`).join(', ');
  const lines = [
    `Imported ${fileName} into "${summary.list}" (${mode}, import ${summary.importId}).`,
    `  Rows read:   ${formatCount(summary.rowsRead)}`,
    `  Valid:       ${formatCount(summary.valid)}`,
    `  Duplicates:  ${formatCount(summary.duplicates)}`,
    `  Rejected:    ${formatCount(summary.rejected)}${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`,
    `  Suppressed:  ${formatCount(summary.suppressed)}`,
    describeChanges(summary),
    `  Members now: ${members}.`,
    ...describeAffectedLists(summary),
  ];
  if (summary.rejected > 0) lines.push(`See the rejected rows with: pinlist rejects ${JSON.stringify(summary.list)}`);
  return lines.join('\n');
}

/** The options every file-reading command shares (import, suppress). */
export interface FileReadingOptions {
  mode: string;
  map: string[];
  sheet?: string;
  encoding?: string;
  rejectsColumn?: string;
  json?: boolean;
}

export function addFileReadingOptions(command: Command): Command {
  return command
    .option('--map <COLUMN=KIND>', 'map a column (header name or 1-based number) to email, gaid, idfa or ignore; repeatable', collectMap, [])
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first with data)')
    .option('--encoding <name>', 'override encoding detection, e.g. windows-1252, utf-16le')
    .option('--rejects-column <column>', 'keep this column (header name or 1-based number, e.g. a customer ID) beside each rejected row')
    .option('--json', 'print one JSON object with the counts');
}

/**
 * Stages the file, starts the job the way the app's button does, shows progress on a terminal,
 * prints the summary, and always releases the staged file.
 */
export async function runImportCommand(
  setup: CommandSetup,
  file: string,
  options: FileReadingOptions,
  start: (runtime: CliRuntime, fileId: string, overrides: MapOverride[]) => Promise<{ jobId: string }>,
): Promise<void> {
  const overrides = parseMaps(options.map);
  checkReadingOptions(options);
  const runtime = setup.runtime();
  const staged = await stageFile(runtime, file);
  try {
    const { jobId } = await start(runtime, staged.fileId, overrides);
    const summary = await waitForImportJob(runtime, setup.output, jobId, !options.json);
    if (options.json) printJson(setup.output, summaryJson(summary));
    else setup.output.out(describeSummary(summary, staged.name, options.mode));
  } finally {
    await releaseFile(runtime, staged.fileId);
  }
}
