import type { Command } from 'commander';
import { alertTitle } from '../../../shared/automation-text.js';
import { formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';

/** `pinlist alerts [--all] [--json]`: what automated runs need someone to look at. */
export function registerAlerts(program: Command, setup: CommandSetup): void {
  program
    .command('alerts')
    .description('Open alerts of automated runs (failed, held, source missing or stale, connection expiring, small audience)')
    .option('--all', 'closed ones too')
    .option('--json', 'print one JSON object: {"alerts":[{"id","list","kind","state","message","openedAt","updatedAt","closedAt"}]}')
    .action(async (flags: { all?: boolean; json?: boolean }) => {
      const alerts = await setup.runtime().call('alerts.list', { all: flags.all });
      if (flags.json) {
        printJson(setup.output, { alerts: alerts.map(({ listId: _listId, ...alert }) => alert) });
        return;
      }
      if (alerts.length === 0) {
        setup.output.out(flags.all ? 'No alerts yet.' : 'No open alerts.');
        return;
      }
      setup.output.out(
        formatTable(
          ['Opened (UTC)', 'List', 'Alert', 'State'],
          alerts.map((a) => [a.openedAt.replace('T', ' ').slice(0, 16), a.list ?? '—', alertTitle(a.kind), a.state]),
        ),
      );
      for (const alert of alerts) setup.output.out(`• ${alert.list ? `${alert.list}: ` : ''}${alert.message}`);
    });
}
