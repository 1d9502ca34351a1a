import { Option, type Command } from 'commander';
import type { LookupResult } from '../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS, KIND_LABEL, type IdentifierKind } from '../../../shared/identifiers.js';
import { printJson } from '../output.js';
import type { CommandSetup } from '../program.js';
import type { CliRuntime } from '../runtime.js';
import { resolveListArg, shortTime } from '../list-arg.js';

const UUID = /^\s*[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\s*$/i;

/** The kinds a typed value may be: an ad ID (UUID) is either an Android ad ID or an IDFA; anything else is an email. */
function candidateKinds(value: string): IdentifierKind[] {
  return UUID.test(value) ? ['gaid', 'idfa'] : ['email'];
}

/** Something to say about the value for this kind: a member, a history, a reject, or on Pinterest. */
function hasNews(result: LookupResult): boolean {
  if ('rejected' in result) return result.rejectedRows.length > 0;
  return result.found || result.history.length > 0 || result.rejectedRows.length > 0 || result.pinterest.some((p) => p.state !== 'not_synced');
}

async function lookUp(runtime: CliRuntime, listId: number, value: string, kind: IdentifierKind | undefined): Promise<{ kind: IdentifierKind; result: LookupResult }> {
  const kinds = kind ? [kind] : candidateKinds(value);
  let first: { kind: IdentifierKind; result: LookupResult } | undefined;
  for (const candidate of kinds) {
    const result = await runtime.call('lists.lookup', { listId, kind: candidate, value });
    first ??= { kind: candidate, result };
    if (hasNews(result)) return { kind: candidate, result };
  }
  return first!;
}

const CAUSE: Record<string, string> = {
  not_in_file: 'not in that file (replace)',
  suppressed: 'on the suppression list at the time',
  in_remove_file: 'listed in that removal file',
};

const PINTEREST_STATE: Record<string, string> = {
  synced: 'on Pinterest',
  waiting_add: 'waiting for the next sync to add them',
  waiting_remove: 'still on Pinterest: the next sync removes them',
  not_synced: 'not on Pinterest',
};

/** The answer in sentences, newest facts last, as the app's lookup box says it. */
export function describeLookup(listName: string, kind: IdentifierKind, result: LookupResult): string {
  const lines: string[] = [];
  const rejectedRows = result.rejectedRows.map(
    (row) => `  Rejected in row ${row.rowNumber} of import ${row.importId} (${row.fileName}, ${shortTime(row.at)}): ${row.reasonLabel}.`,
  );
  if ('rejected' in result) {
    lines.push(`That is not a valid ${KIND_LABEL[kind]}: ${result.reasonLabel}. It cannot be in "${listName}".`, ...rejectedRows);
    return lines.join('\n');
  }
  const what = result.prehashed ? 'That hash' : `${KIND_LABEL[kind]} ${result.normalized}`;
  if (!result.found) lines.push(`${what} is not in "${listName}".`);
  else if (result.suppressed) lines.push(`${what} is in "${listName}", and is on the suppression list: it is not sent to Pinterest.`);
  else lines.push(`${what} is in "${listName}".`);
  for (const event of result.history) {
    const from = `import ${event.importId} (${event.fileName}, ${shortTime(event.at)})`;
    lines.push(event.event === 'added' ? `  Added by ${from}.` : `  Removed by ${from}: ${CAUSE[event.cause] ?? event.cause}.`);
  }
  if (!result.historyComplete) lines.push('  (Imports made before this version of Pinlist kept no history: earlier changes are not shown.)');
  lines.push(...rejectedRows);
  if (result.suppression.suppressed) {
    const since = result.suppression.since ? ` since ${shortTime(result.suppression.since)} (import ${result.suppression.importId}, ${result.suppression.fileName})` : '';
    lines.push(`  On the suppression list${since}.`);
  }
  for (const target of result.pinterest) {
    const when = target.lastSyncAt ? ` (last sync ${shortTime(target.lastSyncAt)})` : ' (never synced)';
    lines.push(`  Ad account ${target.adAccountId}: ${PINTEREST_STATE[target.state] ?? target.state}${when}.`);
  }
  if (result.pinterest.length === 0 && result.found && !result.suppressed) lines.push('  Not synced yet: the first sync sends them.');
  return lines.join('\n');
}

export function registerLookup(program: Command, setup: CommandSetup): void {
  program
    .command('lookup')
    .description('Is this person in the list, and why: the imports that added or removed them, the suppression list, rejected rows, and where they stand on Pinterest. The value is normalized and hashed here; it is never stored or logged')
    .argument('<list>', 'the list name (or its number)')
    .argument('<value>', 'an email, an ad ID, or a SHA-256 of an email')
    .addOption(new Option('--kind <kind>', 'which identifier (default: email, or for an ad ID the kind that knows it)').choices(IDENTIFIER_KINDS))
    .option('--json', 'print one JSON object: {"list", "kind", ...the lookup}')
    .action(async (listArg: string, value: string, options: { kind?: IdentifierKind; json?: boolean }) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, listArg);
      const { kind, result } = await lookUp(runtime, list.id, value, options.kind);
      if (options.json) return printJson(setup.output, { list: list.name, kind, ...result });
      setup.output.out(describeLookup(list.name, kind, result));
    });
}
