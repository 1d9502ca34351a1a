import type { Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { failedOrHeld, runJson, runLine } from './automation-output.js';

/**
 * `pinlist run-due`: what cron, launchd or Task Scheduler runs. Every automation due now (or whose
 * source changed), one after another, one line each; exit 1 when any failed or was held.
 */
export function registerRunDue(program: Command, setup: CommandSetup): void {
  program
    .command('run-due')
    .description('Run every automation that is due now (or whose source changed), print a line per list, and exit (1 if any failed or was held)')
    .option('--json', 'print one JSON object: {"runs":[{"list","trigger","outcome","import","sync","message"}]}')
    .action(async (flags: { json?: boolean }) => {
      const runtime = setup.runtime();
      const { runs: results } = await runtime.call('automation.runDue', {});
      if (!flags.json) for (const result of results) setup.output.out(runLine(result.list, result.run));
      // Alerts raised by these runs reach the webhook before the process ends (bounded).
      await runtime.call('alerts.flush', {});
      if (flags.json) printJson(setup.output, { runs: results.map((r) => runJson(r.list, r.run)) });
      else if (results.length === 0) setup.output.out('Nothing is due.');
      const bad = results.filter((r) => failedOrHeld(r.run));
      if (bad.length > 0) {
        throw new PinlistError('AUTOMATION_FAILED', `${bad.length} of ${results.length} ${results.length === 1 ? 'run' : 'runs'} failed or ${bad.length === 1 ? 'was' : 'were'} held: ${bad.map((r) => r.list).join(', ')}. See \`pinlist alerts\`.`);
      }
    });
}
