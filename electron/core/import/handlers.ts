import path from 'node:path';
import type { JobContext } from '../jobs/jobs.js';
import { planImport, previewImport, runImport, type ImportProgress, type ImportRunOptions } from './index.js';
import type { Core, CoreService } from '../core.js';
import { withImportLock } from '../automation/locks.js';
import type { StagedFile } from '../files/staged-files.js';
import type { HandlerSlice } from '../handler-types.js';
import { setDisplayName } from './read/errors.js';
import { StagedPlans } from './staged-plans.js';
import { formatCount } from '../../../shared/format-count.js';

/** The plans a core keeps for the imports that follow them; closing the core removes their temp files. */
const stagedPlans: CoreService<StagedPlans> = {
  name: 'the staged plans',
  open: () => new StagedPlans(),
  close: (plans) => plans.clear(),
};

/** The plans this core keeps for the imports that follow them (see staged-plans.ts). */
export function stagedPlansOf(core: Core): StagedPlans {
  const plans = core.service(stagedPlans);
  plans.prune((fileId) => core.stagedFiles.has(fileId));
  return plans;
}

/** Where imports keep their sort runs and spills; swept of a killed run's leftovers at the next import. */
export function importTempDir(core: Core): string {
  return path.join(core.dataDir, 'tmp');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

/**
 * Import progress as job progress, phase by phase, each with its own count, pace and time left:
 * reading (rows against the estimated total, bytes as detail), checking (an import after a plan
 * makes sure the file is unchanged) and saving (members, named: "Saving 950,000 members").
 */
export function relayProgress(context: JobContext, what: 'import' | 'plan' = 'import'): (progress: ImportProgress) => void {
  return (progress) => {
    if (progress.phase === 'saving' && progress.saving) {
      const members = formatCount(progress.saving.members);
      context.progress({
        phase: 'saving',
        done: progress.saving.saved,
        total: progress.saving.members,
        ratePerSecond: progress.saving.perSecond,
        etaSeconds: progress.saving.etaSeconds,
        detail: what === 'plan' ? `Comparing ${members} members with the list` : `Saving ${members} members`,
      });
      return;
    }
    if (progress.phase === 'checking') {
      context.progress({ phase: 'checking', done: 0, total: null, ratePerSecond: null, etaSeconds: null, detail: 'Checking that the file is the one just read' });
      return;
    }
    context.progress({
      phase: 'reading',
      done: progress.rowsHashed,
      total: progress.estimatedRows,
      ratePerSecond: progress.rowsPerSecond,
      etaSeconds: progress.etaSeconds,
      detail: `${megabytes(progress.bytesRead)} of ${megabytes(progress.fileSize)} read`,
    });
  };
}

interface FileInput {
  fileId: string;
  overrides?: { column: string; kind: 'email' | 'gaid' | 'idfa' | 'ignore' }[] | undefined;
  sheet?: string | undefined;
  encoding?: string | undefined;
  rejectsExtraColumn?: string | undefined;
}

/**
 * The run's options once every byte of the file is on disk: a browser-mode upload may still be
 * arriving when the user moves on from the preview, and the job shows it being received.
 */
async function runOptions(core: Core, input: FileInput, context: JobContext, what: 'import' | 'plan' = 'import'): Promise<Omit<ImportRunOptions, 'target'>> {
  const staged = await core.stagedFiles.whenComplete(
    input.fileId,
    (received, total) => context.progress({ phase: 'receiving', done: 0, total: null, detail: `Receiving the file: ${megabytes(received)} of ${megabytes(total)}` }),
    context.signal,
  );
  // A message about the file read here (a check that it did not change) names it as the user chose it.
  setDisplayName(staged.path, staged.name);
  return {
    dbPath: core.databasePath,
    callerDb: core.db,
    tempDir: importTempDir(core),
    file: staged.path,
    fileName: staged.name,
    overrides: input.overrides,
    sheet: input.sheet,
    encoding: input.encoding,
    rejectsExtraColumn: input.rejectsExtraColumn,
    keepPlaintext: core.settings.get().keepPlaintext,
    signal: context.signal,
    onProgress: relayProgress(context, what),
  };
}

export const importHandlers = {
  'import.preview': async (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    const preview = (file: StagedFile) =>
      previewImport({
        file: file.path,
        fileName: file.name,
        rows: input.rows,
        overrides: input.overrides,
        sheet: input.sheet,
        encoding: input.encoding,
      });
    if (core.stagedFiles.isComplete(input.fileId)) return preview(staged);
    // The head of an upload still arriving: enough when it holds more rows than the preview shows
    // (the cut at its end is never read); otherwise the preview waits for the whole file.
    const early = await preview(staged).catch(() => null);
    if (early?.truncated) return { ...early, fileSize: staged.size };
    return preview(await core.stagedFiles.whenComplete(input.fileId));
  },
  'import.plan': (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    const job = core.jobs.start('import-plan', `Checking ${staged.name} against ${input.listName}`, async (context) => {
      const options = await runOptions(core, input, context, 'plan');
      const key = StagedPlans.key(options);
      // What the plan reads is kept for the Import that follows, so the file is read once.
      return planImport({
        ...options,
        target: { list: input.listName },
        mode: input.mode ?? 'replace',
        onStaged: (result) => stagedPlansOf(core).put(input.fileId, key, result),
      });
    });
    return { jobId: job.jobId };
  },
  'import.start': (input, { core }) => {
    const staged = core.stagedFiles.get(input.fileId);
    const job = core.jobs.start('import', `Importing ${staged.name} into ${input.listName}`, async (context) => {
      const options = await runOptions(core, input, context);
      const plan = stagedPlansOf(core).take(input.fileId, StagedPlans.key(options));
      // Never alongside an automated refresh of the same list (or another import into it).
      return withImportLock(core.db, input.listName, () => runImport({ ...options, target: { list: input.listName }, mode: input.mode ?? 'replace', staged: plan }));
    });
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
    const job = core.jobs.start('suppress', label, async (context) => {
      const options = await runOptions(core, input, context);
      return runImport({ ...options, target: { suppression: true }, mode });
    });
    return { jobId: job.jobId };
  },
} satisfies HandlerSlice<'import.preview' | 'import.plan' | 'import.start' | 'suppression.start'>;
