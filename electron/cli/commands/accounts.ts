import type { Command } from 'commander';
import { formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';

export function registerAccounts(program: Command, setup: CommandSetup): void {
  program
    .command('accounts')
    .description('List every Pinterest ad account the connection can use')
    .option('--json', 'print one JSON object: {"adAccounts": [...]}')
    .action(async (options: { json?: boolean }) => {
      const adAccounts = await setup.runtime().call('pinterest.adAccounts', {});
      if (options.json) return printJson(setup.output, { adAccounts });
      if (adAccounts.length === 0) {
        setup.output.out('The connected Pinterest account has no ad accounts. Create one in Ads Manager, or ask its owner to share it with you.');
        return;
      }
      setup.output.out(
        formatTable(
          ['ID', 'Name', 'Country', 'Currency', 'Owner', 'Your roles'],
          adAccounts.map((account) => [account.id, account.name ?? '', account.country ?? '', account.currency ?? '', account.ownerUsername ?? '', account.permissions.join(', ')]),
        ),
      );
    });
}
