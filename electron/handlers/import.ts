import path from 'node:path';
import type { JobContext } from '../core/jobs.js';
import { planImport, previewImport, runImport, type ImportProgress, type ImportRunOptions } from '../core/import/index.js';
import type { Core } from '../core/core.js';
import type { HandlerSlice } from './types.js';

/** Where imports keep their sort runs and spills; swept of a killed run's leftovers at the next import. */
export function importTempDir(core: Core): string {
  return path.join(core.dataDir, 'tmp');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

/** Import progress as job progress: rows hashed against the estimated total, bytes as detail. */
export function relayProgress(context: JobContext): (progress: ImportProgress) => void {
  return (progress) =>
    context.progress({
      phase: progress.phase,
      done: progress.rowsHashed,
      total: progress.estimatedRows,
      detail:
        progress.phase === 'saving'
          ? `Saving ${progress.rowsRead.toLocaleString('en-US')} rows`
          : `${megabytes(progress.bytesRead)} of ${megabytes(progress.fileSize)} read`,
    });
}

interface FileInput {
  fileId: string;
  overrides?: { column: string; kind: 'email' | 'gaid' | 'idfa' | 'ignore' }[] | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
}

function runOptions(core: Core, input: FileInput, context: JobContext): Omit<ImportRunOptions, 'target'> {
  const staged = core.stagedFiles.get(input.fileId);
  return {
    dbPath: core.databasePath,
    tempDir: importTempDir(core),
    file: staged.path,
    fileName: staged.name,
    overrides: input.overrides,
    sheet: input.sheet,
    encoding: input.encoding,
    keepPlaintext: core.settings.get().keepPlaintext,
    signal: context.signal,
    onProgress: relayProgress(context),
  };
}

export const importHandlers = {
  'import.preview': async (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    return previewImport({
      file: staged.path,
      fileName: staged.name,
      rows: input.rows,
      overrides: input.overrides,
      sheet: input.sheet,
      encoding: input.encoding,
    });
  },
  'import.plan': (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    const job = core.jobs.start('import-plan', `Checking ${staged.name} against ${input.listName}`, (context) =>
      planImport({ ...runOptions(core, input, context), target: { list: input.listName }, mode: input.mode ?? 'replace' }),
    );
    return { jobId: job.jobId };
  },
  'import.start': (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    const job = core.jobs.start('import', `Importing ${staged.name} into ${input.listName}`, (context) =>
      runImport({ ...runOptions(core, input, context), target: { list: input.listName }, mode: input.mode ?? 'replace' }),
    );
    return { jobId: job.jobId };
  },
  'suppression.start': (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    const mode = input.mode ?? 'add';
    const label =
      mode === 'add'
        ? `Adding ${staged.name} to the suppression list`
        : mode === 'replace'
          ? `Replacing the suppression list with ${staged.name}`
          : `Taking the people in ${staged.name} off the suppression list`;
    const job = core.jobs.start('suppress', label, (context) =>
      runImport({ ...runOptions(core, input, context), target: { suppression: true }, mode }),
    );
    return { jobId: job.jobId };
  },
} satisfies HandlerSlice<'import.preview' | 'import.plan' | 'import.start' | 'suppression.start'>;
