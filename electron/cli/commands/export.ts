import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { IDENTIFIER_KINDS, KIND_LABEL, type IdentifierKind } from '../../../shared/identifiers.js';
import { formatCount, printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import { resolveListArg } from '../list-arg.js';

export function registerExport(program: Command, setup: CommandSetup): void {
  program
    .command('export')
    .description(
      "Write a list's hashes of one kind for a manual upload in Pinterest Ads Manager: a single column of SHA-256 hashes, one per line, no header line; members on the suppression list are left out",
    )
    .argument('<list>', 'the list name (or its number)')
    .addOption(new Option('--kind <kind>', 'which identifiers').choices(IDENTIFIER_KINDS).makeOptionMandatory())
    .requiredOption('--out <file>', 'the CSV file to write')
    .option('--json', 'print one JSON object: {"list", "kind", "file", "rows", "bytes", "suppressedLeftOut"}')
    .action(async (listArg: string, options: { kind: IdentifierKind; out: string; json?: boolean }) => {
      const runtime = setup.runtime();
      const { id, name } = await resolveListArg(runtime, listArg);
      // Straight to --out (never through the data folder, which may be on a fuller disk).
      const written = await runtime.call('lists.exportHashes', { listId: id, kind: options.kind, out: path.resolve(options.out) });
      if (options.json) {
        return printJson(setup.output, {
          list: name,
          kind: options.kind,
          file: options.out,
          rows: written.rows,
          bytes: written.bytes,
          suppressedLeftOut: written.suppressedLeftOut,
        });
      }
      const leftOut =
        written.suppressedLeftOut > 0
          ? ` Left out ${formatCount(written.suppressedLeftOut)} on the suppression list: they are never uploaded.`
          : '';
      setup.output.out(
        `Wrote ${formatCount(written.rows)} ${KIND_LABEL[options.kind]} hashes of "${name}" to ${options.out} (one SHA-256 per line, no header: upload it as-is in Ads Manager).${leftOut}`,
      );
    });
}
