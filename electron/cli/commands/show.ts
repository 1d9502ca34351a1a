import type { Command } from 'commander';
import type { ImportRecordView } from '../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS, KIND_LABEL } from '../../../shared/identifiers.js';
import { formatCount, formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { resolveListArg, shortTime } from '../list-arg.js';

function reasons(record: ImportRecordView): string {
  return Object.entries(record.rejectReasons)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([reason, n]) => `${reason} ${formatCount(n ?? 0)}`)
    .join(', ');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function registerShow(program: Command, setup: CommandSetup): void {
  program
    .command('show')
    .description('Show one list: its size per identifier kind and its import history')
    .argument('<list>', 'the list name (or its number)')
    .option('--json', 'print one JSON object')
    .action(async (listArg: string, options: { json?: boolean }) => {
      const runtime = setup.runtime();
      const { id } = await resolveListArg(runtime, listArg);
      const list = await runtime.call('lists.get', { listId: id });
      if (options.json) return printJson(setup.output, list);
      const lines = [
        `${list.name} (list ${list.id})`,
        `Created ${shortTime(list.createdAt)}, changed ${shortTime(list.updatedAt)}`,
        '',
        formatTable(
          ['Kind', 'Members', 'Suppressed', 'To Pinterest'],
          [
            ...IDENTIFIER_KINDS.map((kind) => [KIND_LABEL[kind], list.members[kind], list.suppressed[kind], list.members[kind] - list.suppressed[kind]]),
            ['Total', list.total, list.suppressedTotal, list.toPinterest],
          ],
        ),
        '',
      ];
      if (list.suppressedTotal > 0) {
        lines.splice(
          lines.length - 1,
          0,
          `${formatCount(list.suppressedTotal)} members are on the suppression list: they are never sent, and a sync removes them from Pinterest.`,
        );
      }
      if (list.imports.length === 0) {
        lines.push('No imports yet.');
      } else {
        lines.push(
          'Imports (newest first):',
          formatTable(
            ['ID', 'When', 'Mode', 'File', 'Rows', 'Valid', 'Rejected', 'Duplicates', 'Suppressed', 'Added', 'Removed', 'Took', 'Reject reasons'],
            list.imports.map((record) => [
              String(record.id),
              shortTime(record.at),
              record.mode,
              record.fileName,
              record.rowsRead,
              record.valid,
              record.rejected,
              record.duplicates,
              record.suppressed,
              record.added,
              record.removed,
              seconds(record.durationMs),
              reasons(record),
            ]),
          ),
        );
      }
      if (list.rejectsStored > 0) {
        lines.push('', `${formatCount(list.rejectsStored)} rejected rows are stored with their raw values: \`pinlist rejects "${list.name}"\` writes them as CSV.`);
      }
      setup.output.out(lines.join('\n'));
    });
}
