import type { Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import { formatTable, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { shortTime } from '../list-arg.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function registerDb(program: Command, setup: CommandSetup): void {
  const db = program.command('db').description("Check the database and restore it from Pinlist's automatic daily backups");

  db.command('check')
    .description('Check the database for damage (SQLite quick_check) and list the automatic backups')
    .option('--full', 'run the full integrity_check (slower on a large database)')
    .option('--json', 'print one JSON object: {"databasePath", "ok", "problems", "backups"}')
    .action(async (options: { full?: boolean; json?: boolean }) => {
      const report = await setup.runtime().call('db.check', { full: options.full ?? false });
      if (options.json) printJson(setup.output, report);
      else {
        setup.output.out(report.ok ? `Database ${report.databasePath}: no damage found.` : `Database ${report.databasePath} is damaged:\n  ${report.problems.join('\n  ')}`);
        setup.output.out(
          report.backups.length === 0
            ? 'No backups yet (one is made each day Pinlist is used, and before each upgrade).'
            : `Backups, newest first (restore one with \`pinlist db restore [NAME]\`):\n${formatTable(
                ['Name', 'Made', 'Size'],
                report.backups.map((backup) => [backup.name, shortTime(backup.createdAt), megabytes(backup.bytes)]),
              )}`,
        );
      }
      if (!report.ok) {
        throw new PinlistError(
          'DATABASE_DAMAGED',
          `The database ${report.databasePath} is damaged. ${report.backups.length > 0 ? 'Run `pinlist db restore` to go back to the newest backup (at most a day old).' : 'There is no backup to restore; move the file aside and import your lists again.'}`,
        );
      }
    });

  db.command('restore')
    .description('Replace the database with an automatic backup (the newest, or the one named); the replaced file is kept beside it')
    .argument('[backup]', 'the backup name as `pinlist db check` lists it (default: the newest)')
    .option('--json', 'print one JSON object: {"restoredFrom", "keptAs", "schemaVersion"}')
    .action(async (backup: string | undefined, options: { json?: boolean }) => {
      const restored = await setup.runtime().call('db.restore', backup === undefined ? {} : { backup });
      if (options.json) return printJson(setup.output, restored);
      setup.output.out(
        `Restored the database from ${restored.restoredFrom.name} (made ${shortTime(restored.restoredFrom.createdAt)}).` +
          (restored.keptAs ? ` The database it replaced is kept as ${restored.keptAs}; delete it once you no longer need it.` : ''),
      );
    });
}
