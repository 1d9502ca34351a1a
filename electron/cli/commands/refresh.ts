import type { Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import { resolveListArg } from '../list-arg.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { failedOrHeld, runJson, runLine } from './automation-output.js';

/** `pinlist refresh LIST [--sync] [--json]`: re-import from the source now (a manual run, recorded like the others). */
export function registerRefresh(program: Command, setup: CommandSetup): void {
  program
    .command('refresh')
    .description("Re-import a list from its source now (nothing happens when the file is the one imported last); --sync then syncs it")
    .argument('<list>', 'the list, by name or number')
    .option('--sync', "then sync with the list's automation settings (its ad account)")
    .option('--json', 'print one JSON object: {"list","trigger","outcome","import","sync","message"}')
    .action(async (reference: string, flags: { sync?: boolean; json?: boolean }) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, reference);
      const run = await runtime.call('automation.runNow', { listId: list.id, sync: flags.sync ?? false });
      // Alerts raised by this run reach the webhook before the process ends (bounded).
      await runtime.call('alerts.flush', {});
      if (flags.json) printJson(setup.output, runJson(list.name, run));
      else setup.output.out(runLine(list.name, run));
      if (failedOrHeld(run)) throw new PinlistError('AUTOMATION_FAILED', run.message);
    });
}
