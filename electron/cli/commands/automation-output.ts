import type { AutomationRun, AutomationView } from '../../../shared/contract/automation.js';
import { describeSchedule } from '../../../shared/automation-text.js';
import { summaryJson } from '../import-job.js';
import { formatCount, formatTable, type Output } from '../output.js';
import { shortTime } from '../list-arg.js';

/** How the automation commands print runs and a list's automation, for people and for --json. */

export type RunOutcomeJson = 'ok' | 'unchanged' | 'failed' | 'held' | 'skipped';

/** One entry of `run-due --json`'s `runs` (and `refresh --json`): keys exactly as documented. */
export function runJson(list: string, run: AutomationRun): Record<string, unknown> {
  return {
    list,
    trigger: run.trigger,
    outcome: (run.state === 'running' || run.state === 'interrupted' ? 'failed' : run.state) satisfies RunOutcomeJson,
    import: run.import ? summaryJson(run.import) : null,
    sync: run.sync ? { added: run.sync.added, removed: run.sync.removed } : null,
    message: run.message,
  };
}

export function runLine(list: string, run: AutomationRun): string {
  const counts = [
    run.import ? `imported +${formatCount(run.import.added)} −${formatCount(run.import.removed)}` : null,
    run.sync ? `synced +${formatCount(run.sync.added)} −${formatCount(run.sync.removed)}` : null,
  ].filter(Boolean);
  return `${list}: ${run.state} (${run.trigger})${counts.length ? ` · ${counts.join(' · ')}` : ''} · ${run.message}`;
}

export function failedOrHeld(run: AutomationRun): boolean {
  return run.state === 'failed' || run.state === 'held' || run.state === 'interrupted';
}

export function printSource(output: Output, view: AutomationView): void {
  const s = view.source;
  if (!s) {
    output.out(`"${view.list}" has no source. Set one with \`pinlist source "${view.list}" --file PATH\` or \`--folder DIR --pattern GLOB\`.`);
    return;
  }
  output.out(`Source of "${view.list}": ${s.kind === 'file' ? s.path : `newest ${s.pattern} in ${s.path}`}`);
  output.out(`  Mode: ${s.mode}${s.sheet ? ` · sheet ${s.sheet}` : ''}${s.encoding ? ` · encoding ${s.encoding}` : ''}${s.overrides.length ? ` · map ${s.overrides.map((o) => `${o.column}=${o.kind}`).join(', ')}` : ''}`);
}

export function printSchedule(output: Output, view: AutomationView): void {
  const a = view.automation;
  if (!a) {
    output.out(`"${view.list}" has no schedule. Set one with \`pinlist schedule "${view.list}" --daily 06:00 --ad-account ID\` (or --every 6h, --weekly mon@06:00, --on-change).`);
  } else {
    const then = a.action === 'refresh' ? 'refresh only' : `refresh and sync to ad account ${a.adAccountId ?? '(the one it syncs to)'}`;
    output.out(`Schedule of "${view.list}": ${describeSchedule(a.schedule)}, ${then}.`);
    output.out(`  Next run: ${view.nextRunAt ? `${new Date(view.nextRunAt).toLocaleString()} (${shortTime(view.nextRunAt)})` : a.schedule.kind === 'on-change' ? 'when the source changes' : '—'}`);
  }
  if (view.lastRuns.length > 0) {
    output.out(
      formatTable(
        ['Run', 'Started (UTC)', 'Trigger', 'Outcome', 'Imported', 'Synced', 'Message'],
        view.lastRuns.map((run) => [
          run.runId,
          run.startedAt.replace('T', ' ').slice(0, 19),
          run.trigger,
          run.state,
          run.import ? `+${formatCount(run.import.added)} −${formatCount(run.import.removed)}` : '',
          run.sync ? `+${formatCount(run.sync.added)} −${formatCount(run.sync.removed)}` : '',
          run.message.length > 80 ? `${run.message.slice(0, 77)}...` : run.message,
        ]),
      ),
    );
  }
}
