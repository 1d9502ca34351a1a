import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { PinlistError } from '../../../shared/errors.js';
import { formatCount } from '../output.js';
import type { CommandSetup } from '../program.js';
import { positiveInt, resolveListArg } from '../list-arg.js';

const UTF8_BOM_BYTES = 3;

export function registerRejects(program: Command, setup: CommandSetup): void {
  program
    .command('rejects')
    .description(
      'Write the rejected rows of a list (row, column, reason code and label, raw value, and the extra column kept with --rejects-column) as CSV, safe to open in a spreadsheet. Default: the latest import',
    )
    .argument('<list>', 'the list name (or its number)')
    .option('--import <id>', 'this import (see `pinlist show LIST`); default: the latest', positiveInt('--import'))
    .option('--all', 'the rejected rows of every import, oldest first')
    .option('--out <file>', 'write the CSV to this file (with a UTF-8 BOM for Excel) instead of standard output')
    .action(async (listArg: string, options: { import?: number; all?: boolean; out?: string }) => {
      if (options.all && options.import !== undefined) throw new PinlistError('USAGE', 'Give either --import ID or --all, not both.');
      const runtime = setup.runtime();
      const { id, name } = await resolveListArg(runtime, listArg);
      const which = options.all ? undefined : (options.import ?? 'latest');
      // The same export as the app's "Save rejects as CSV": with --out written straight there,
      // otherwise into exports/ and streamed to standard output.
      if (options.out) {
        const written = await runtime.call('lists.exportRejects', { listId: id, importId: which, out: path.resolve(options.out) });
        setup.output.out(`Wrote ${formatCount(written.rows)} rejected rows of "${name}" to ${options.out}.`);
        return;
      }
      const written = await runtime.call('lists.exportRejects', { listId: id, importId: which });
      try {
        // To standard output without the BOM: it is for spreadsheets, not for pipes.
        const source = fs.createReadStream(written.path, { start: UTF8_BOM_BYTES });
        if (setup.output.stream) {
          await pipeline(source, setup.output.stream, { end: false }).catch((error: NodeJS.ErrnoException) => {
            // The reader went away (`| head`): that is how pipes end, not a failure.
            if (error.code !== 'EPIPE') throw error;
          });
        } else {
          let text = '';
          for await (const chunk of source) text += (chunk as Buffer).toString('utf8');
          setup.output.out(text);
        }
      } finally {
        fs.rmSync(written.path, { force: true });
      }
    });
}
