import { InvalidArgumentError, type Command } from 'commander';
import type { JobProgress, JobSummary, SyncReport, SyncRun, SyncStatus } from '../../../shared/contract/index.js';
import { errorDetails } from '../../../shared/error-payload.js';
import { PinlistError } from '../../../shared/errors.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import { resolveListArg } from '../list-arg.js';
import { formatCount, formatTable, printJson, type Output } from '../output.js';
import type { CommandSetup } from '../program.js';
import { printHealth, statusJson } from './audiences.js';
import type { AudienceHealth } from '../../../shared/contract/audiences.js';
import type { CliRuntime } from '../runtime.js';

/** `pinlist sync`, `pinlist history`, `pinlist status`: names and JSON shapes other tools rely on. */

interface SyncFlags {
  adAccount: string;
  dryRun?: boolean;
  batchSize?: number;
  allowShrink?: boolean;
  adopt?: Partial<Record<IdentifierKind, string>>;
  json?: boolean;
}

function parseBatchSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('give a whole number from 1 to 10000.');
  return n;
}

function parseAdopt(value: string, previous: Partial<Record<IdentifierKind, string>> = {}): Partial<Record<IdentifierKind, string>> {
  const match = /^([a-z]+)=(\d{1,18})$/i.exec(value.trim());
  const kind = match?.[1]?.toLowerCase() as IdentifierKind | undefined;
  if (!match || !kind || !IDENTIFIER_KINDS.includes(kind)) {
    throw new InvalidArgumentError(`write KIND=ID, where KIND is ${IDENTIFIER_KINDS.join(', ')} and ID the customer list's number (e.g. email=5497558000123).`);
  }
  return { ...previous, [kind]: match[2]! };
}

/** The `--json` object of `pinlist sync`, keys exactly as documented. */
export function syncJson(report: SyncReport): Record<string, unknown> {
  return {
    list: report.list,
    adAccountId: report.adAccountId,
    dryRun: report.dryRun,
    added: report.added,
    removed: report.removed,
    suppressed: report.suppressed,
    requests: report.requests,
    retries: report.retries,
    customerLists: report.customerLists,
    audiences: report.audiences,
    warnings: report.warnings,
  };
}

function printReport(output: Output, report: SyncReport): void {
  const verb = report.dryRun ? 'Would send' : report.complete ? 'Synced' : 'Partly synced';
  output.out(`${verb} "${report.list}" → ad account ${report.adAccountId}: +${formatCount(report.added)} added, −${formatCount(report.removed)} removed, ${formatCount(report.suppressed)} suppressed, ${formatCount(report.requests)} requests${report.retries ? `, ${formatCount(report.retries)} retries` : ''}.`);
  const rows = (Object.entries(report.kinds) as [IdentifierKind, NonNullable<SyncReport['kinds'][IdentifierKind]>][]).map(([kind, k]) => [
    kind,
    k.customerListId ?? (report.dryRun ? '(to be created)' : '—'),
    report.customerLists[kind]?.status ?? '',
    report.audiences[kind]?.id ?? 'pending',
    report.audiences[kind]?.status ?? '',
    k.desired,
    `+${formatCount(k.adds)}`,
    `−${formatCount(k.removes)}`,
  ]);
  if (rows.length > 0) output.out(formatTable(['Kind', 'Customer list', 'Status', 'Audience', 'Audience status', 'Members', 'Added', 'Removed'], rows));
  for (const warning of report.warnings) output.out(`warning: ${warning}`);
}

/** Shows job progress on the terminal (stderr), only when it is one. */
async function progressDisplay(output: Output): Promise<{ update(progress: JobProgress): void; stop(): void }> {
  if (!output.isTty) return { update: () => undefined, stop: () => undefined };
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} [{bar}] {value}/{total} batches · {detail}', hideCursor: true, clearOnComplete: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress) {
      const total = Math.max(progress.total ?? 0, progress.done, 1);
      const payload = { phase: progress.phase.padEnd(9), detail: progress.detail ?? '' };
      if (!started) {
        bar.start(total, progress.done, payload);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(progress.done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Ctrl-C stops the sync after the request in flight; what Pinterest confirmed is kept. */
async function waitForJob(runtime: CliRuntime, output: Output, jobId: string): Promise<JobSummary> {
  const display = await progressDisplay(output);
  try {
    return await runtime.waitForJob(jobId, (progress) => display.update(progress));
  } finally {
    display.stop();
  }
}

async function sync(setup: CommandSetup, reference: string, flags: SyncFlags): Promise<void> {
  const runtime = setup.runtime();
  const list = await resolveListArg(runtime, reference);
  const input = {
    listId: list.id,
    adAccountId: flags.adAccount,
    batchSize: flags.batchSize,
    allowShrink: flags.allowShrink,
    adopt: flags.adopt,
  };
  if (flags.dryRun) {
    const report = await runtime.call('sync.plan', input);
    if (flags.json) printJson(setup.output, syncJson(report));
    else printReport(setup.output, report);
    if (!flags.json && report.needsConfirmation) setup.output.out('To confirm, run the sync with --allow-shrink.');
    return;
  }
  const { jobId } = await runtime.call('sync.start', input);
  const summary = await waitForJob(runtime, setup.output, jobId);
  // A sync that stopped after recording its run carries the partial report in its error's details.
  const report = summary.state === 'succeeded' ? (summary.result as SyncReport) : (errorDetails(summary.error).report ?? null);
  if (report) {
    if (flags.json) printJson(setup.output, syncJson(report));
    else printReport(setup.output, report);
  }
  if (summary.state !== 'succeeded') {
    const error = summary.error ?? { code: 'SYNC_INCOMPLETE', message: 'The sync did not finish. Run it again; what Pinterest confirmed is kept.' };
    // The core's message is the same in the app (which asks in a dialog); here, say how to confirm.
    const hint = error.code === 'SYNC_NEEDS_CONFIRMATION' ? ' To confirm, run it again with --allow-shrink.' : '';
    throw new PinlistError(error.code, `${error.message}${hint}`);
  }
}

function runRows(runs: SyncRun[]): (string | number)[][] {
  return runs.map((run) => [
    run.runId,
    run.startedAt.replace('T', ' ').slice(0, 19),
    run.state,
    run.adAccountId,
    `+${formatCount(run.added)}`,
    `−${formatCount(run.removed)}`,
    run.requests,
    run.retries,
    run.error ? `${run.error.code}` : '',
  ]);
}

function statusRows(status: SyncStatus): (string | number)[][] {
  return status.targets.map(({ target, remote }) => [
    target.kind,
    target.adAccountId,
    target.customerListId ?? '—',
    remote?.customerList?.status ?? '',
    target.confirmedMembers,
    target.audienceId ?? target.audienceState,
    remote?.audience?.status ?? '',
    remote?.audience?.size ?? '',
    remote?.fetchedAt.replace('T', ' ').slice(0, 19) ?? 'never',
  ]);
}

export function registerSync(program: Command, setup: CommandSetup): void {
  program
    .command('sync')
    .description('Send the changes of a list to Pinterest: one customer list (and audience) per identifier kind in an ad account')
    .argument('<list>', 'the list, by name or number')
    .requiredOption('--ad-account <id>', 'the ad account (see `pinlist accounts`)')
    .option('--dry-run', 'show what would be sent (+adds, −removes, suppressed, requests, warnings) and send nothing')
    .option('--batch-size <n>', 'records per request (default: the batchSize setting)', parseBatchSize)
    .option('--allow-shrink', 'confirm a sync that removes more than the shrink threshold or takes a list below the minimum')
    .option('--adopt <kind=id>', 'use an existing customer list for a kind instead of creating one (repeatable)', parseAdopt)
    .option('--json', 'print one JSON object: {"list","adAccountId","dryRun","added","removed","suppressed","requests","retries","customerLists","audiences","warnings"}')
    .action((reference: string, flags: SyncFlags) => sync(setup, reference, flags));

  program
    .command('history')
    .description('The sync runs of a list: when, what was sent, how each ended')
    .argument('<list>', 'the list, by name or number')
    .option('--json', 'print one JSON object: {"list","runs":[...]}')
    .action(async (reference: string, flags: { json?: boolean }) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, reference);
      const runs = await runtime.call('sync.history', { listId: list.id });
      if (flags.json) return printJson(setup.output, { list: list.name, runs });
      if (runs.length === 0) return setup.output.out(`"${list.name}" has never been synced. Sync it with \`pinlist sync "${list.name}" --ad-account <id>\`.`);
      setup.output.out(formatTable(['Run', 'Started (UTC)', 'State', 'Ad account', 'Added', 'Removed', 'Requests', 'Retries', 'Error'], runRows(runs)));
    });

  program
    .command('status')
    .description("Ask Pinterest for the status of a list's customer lists and audiences (matching takes 24 to 48 hours)")
    .argument('<list>', 'the list, by name or number')
    .option('--ad-account <id>', 'only this ad account')
    .option('--history', 'also print every reading kept (when, kind, status, size, uploaded, confirmed, match rate)')
    .option(
      '--json',
      'print one JSON object: {"listId","list","targets":[{"target","remote"}],"lock","kinds":[{"kind","customerListId","audienceId","status","size","uploaded","confirmed","matchRate","checkedAt"}],"overall","flags"} (+ "history" with --history)',
    )
    .action(async (reference: string, flags: { json?: boolean; adAccount?: string; history?: boolean }) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, reference);
      // Asking Pinterest here also keeps a reading (audience health over time).
      let health: AudienceHealth;
      let stale: PinlistError | null = null;
      try {
        health = await runtime.call('audiences.health', { listId: list.id, adAccountId: flags.adAccount, refresh: true, trigger: 'status' });
      } catch (error) {
        // Pinterest cannot be asked: show what it said last time, then fail.
        if (!(error instanceof PinlistError) || !['NOT_CONNECTED', 'AUTH_EXPIRED', 'AUTH_FAILED', 'KEYCHAIN_UNAVAILABLE', 'PINTEREST_UNAVAILABLE', 'PINTEREST_RATE_LIMITED', 'PINTEREST_FORBIDDEN'].includes(error.code)) throw error;
        stale = error;
        health = await runtime.call('audiences.health', { listId: list.id, adAccountId: flags.adAccount, refresh: false });
      }
      const status: SyncStatus = health.sync;
      const finish = () => {
        if (stale) throw new PinlistError(stale.code, `Showing the last known status: ${stale.message}`);
      };
      if (flags.json) {
        printJson(setup.output, statusJson(health, flags.history === true));
        return finish();
      }
      if (status.targets.length === 0) {
        setup.output.out(`"${list.name}" has never been synced, so Pinterest has nothing for it yet.`);
        return finish();
      }
      setup.output.out(
        formatTable(['Kind', 'Ad account', 'Customer list', 'List status', 'Confirmed', 'Audience', 'Audience status', 'Audience size', 'Checked (UTC)'], statusRows(status)),
      );
      for (const { target, remote } of status.targets) {
        if (remote?.problem) setup.output.out(`warning: ${target.kind}: ${remote.problem}`);
        if (target.audienceState === 'pending' && target.audienceMessage) setup.output.out(`note: ${target.kind} audience pending: ${target.audienceMessage}`);
      }
      printHealth(setup.output, health, flags.history === true);
      if (status.lock) setup.output.out(`A sync is running now (process ${status.lock.pid} on ${status.lock.host}, since ${status.lock.since}).`);
      finish();
    });
}
