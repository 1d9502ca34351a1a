import type { Command } from 'commander';
import { formatCount, formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { shortTime } from '../list-arg.js';

export function registerLists(program: Command, setup: CommandSetup): void {
  program
    .command('lists')
    .description('Show every list with its size per identifier kind, how many of its members are suppressed (never sent), what goes to Pinterest, and its last import')
    .option('--json', 'print one JSON array of lists')
    .action(async (options: { json?: boolean }) => {
      const lists = await setup.runtime().call('lists.list', {});
      if (options.json) return printJson(setup.output, lists);
      if (lists.length === 0) {
        setup.output.out('No lists yet. Import a spreadsheet with `pinlist import FILE --list NAME`.');
        return;
      }
      setup.output.out(
        formatTable(
          ['List', 'Emails', 'Android ad IDs', 'IDFAs', 'Total', 'Suppressed', 'To Pinterest', 'Last import'],
          lists.map((list) => [
            list.name,
            list.members.email,
            list.members.gaid,
            list.members.idfa,
            list.total,
            list.suppressedTotal,
            list.toPinterest,
            list.lastImport
              ? `${shortTime(list.lastImport.at)}  ${list.lastImport.fileName} (+${formatCount(list.lastImport.added)} −${formatCount(list.lastImport.removed)})`
              : '—',
          ]),
        ),
      );
    });
}
