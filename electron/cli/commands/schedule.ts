import type { Command } from 'commander';
import type { Schedule } from '../../../shared/contract/automation.js';
import { PinlistError } from '../../../shared/errors.js';
import { parseDaily, parseEvery, parseWeekly } from '../../../shared/automation-text.js';
import { resolveListArg } from '../list-arg.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { printSchedule } from './automation-output.js';

interface ScheduleFlags {
  every?: Schedule;
  daily?: Schedule;
  weekly?: Schedule;
  onChange?: boolean;
  adAccount?: string;
  refreshOnly?: boolean;
  off?: boolean;
  json?: boolean;
}

const asUsage = (parse: (text: string) => Schedule) => (text: string) => parse(text);

/** `pinlist schedule LIST …`: when a list refreshes itself and what it does then. */
export function registerSchedule(program: Command, setup: CommandSetup): void {
  program
    .command('schedule')
    .description('Show or set when a list refreshes from its source and syncs: every N hours, daily, weekly, or when the source changes')
    .argument('<list>', 'the list, by name or number')
    .option('--every <hours>', 'every N hours, e.g. 6h', asUsage(parseEvery))
    .option('--daily <HH:MM>', 'every day at this local time', asUsage(parseDaily))
    .option('--weekly <DAY@HH:MM>', 'every week, e.g. mon@06:30', asUsage(parseWeekly))
    .option('--on-change', 'whenever the source file changes (watched while the app runs; checked by run-due)')
    .option('--ad-account <id>', 'sync to this ad account after refreshing')
    .option('--refresh-only', 'refresh, do not sync')
    .option('--off', 'turn the schedule off')
    .option('--json', 'print one JSON object: {"list","source","automation","nextRunAt","lastRuns"}')
    .action(async (reference: string, flags: ScheduleFlags) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, reference);
      const kinds = [flags.every, flags.daily, flags.weekly, flags.onChange ? ({ kind: 'on-change' } as const) : undefined].filter((s): s is Schedule => s !== undefined);
      if (kinds.length > 1) throw new PinlistError('USAGE', 'Give one of --every, --daily, --weekly or --on-change.');
      if (flags.off && (kinds.length > 0 || flags.adAccount || flags.refreshOnly)) throw new PinlistError('USAGE', '--off turns the schedule off; give it alone.');
      if (flags.refreshOnly && flags.adAccount) throw new PinlistError('USAGE', '--refresh-only does not sync, so it takes no --ad-account.');
      let view = await runtime.call('automation.get', { listId: list.id });
      if (flags.off) {
        view = await runtime.call('automation.setSchedule', { listId: list.id, schedule: null });
      } else if (kinds.length > 0 || flags.adAccount || flags.refreshOnly) {
        const schedule = kinds[0] ?? view.automation?.schedule;
        if (!schedule) throw new PinlistError('USAGE', 'Say when: --every 6h, --daily HH:MM, --weekly DAY@HH:MM or --on-change.');
        view = await runtime.call('automation.setSchedule', {
          listId: list.id,
          schedule,
          action: flags.refreshOnly ? 'refresh' : flags.adAccount ? 'refresh-sync' : undefined,
          adAccountId: flags.refreshOnly ? null : flags.adAccount,
        });
      }
      if (flags.json) {
        const { listId: _listId, list: name, ...rest } = view;
        printJson(setup.output, { list: name, ...rest });
        return;
      }
      if (flags.off) setup.output.out(`"${view.list}" has no schedule now.`);
      else printSchedule(setup.output, view);
      if (!flags.off && view.automation && !view.source) setup.output.out(`note: "${view.list}" has no source yet; set one with \`pinlist source\`.`);
    });
}
