import { InvalidArgumentError, type Command } from 'commander';
import type { AudienceHealth, AudienceReading, Lookalike, Sharing } from '../../../shared/contract/index.js';
import { LOOKALIKE_COUNTRIES } from '../../../shared/lookalike-countries.js';
import { PinlistError } from '../../../shared/errors.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import { resolveListArg } from '../list-arg.js';
import { formatCount, formatTable, printJson, type Output } from '../output.js';
import type { CommandSetup } from '../program.js';

/**
 * `pinlist reach`, `pinlist lookalike`, `pinlist share`, and the audience health part of
 * `pinlist status` (issue 11): names and JSON shapes other tools rely on.
 */

/** Per kind, keys exactly as documented: what `pinlist status --json` adds under "kinds". */
export function kindStatusJson(health: AudienceHealth): Record<string, unknown>[] {
  return health.kinds.map((k) => ({
    kind: k.kind,
    customerListId: k.customerListId,
    audienceId: k.audienceId,
    status: k.status,
    size: k.size,
    uploaded: k.uploaded,
    confirmed: k.confirmed,
    matchRate: k.matchRate,
    checkedAt: k.checkedAt,
  }));
}

function readingJson(r: AudienceReading): Record<string, unknown> {
  return { kind: r.kind, takenAt: r.takenAt, status: r.status, size: r.size, uploaded: r.uploaded, confirmed: r.confirmed, matchRate: r.matchRate };
}

/** `pinlist status --json`: the sync status (listId, list, targets, lock) plus kinds, overall, flags and, with --history, the readings. */
export function statusJson(health: AudienceHealth, history: boolean): Record<string, unknown> {
  return {
    ...health.sync,
    kinds: kindStatusJson(health),
    overall: health.overall,
    flags: health.flags,
    ...(history ? { history: health.history.map(readingJson) } : {}),
  };
}

const percent = (rate: number | null): string => (rate === null ? '—' : `${rate}%`);
const when = (iso: string | null): string => (iso === null ? 'never' : iso.replace('T', ' ').slice(0, 16));

/** The human lines `pinlist status` prints under its table. */
export function printHealth(output: Output, health: AudienceHealth, history: boolean): void {
  for (const k of health.kinds) {
    if (k.matchRate !== null) output.out(`${k.kind}: match rate ${percent(k.matchRate)} (audience ${formatCount(k.size ?? 0)} of ${formatCount(k.confirmed)} confirmed, read ${when(k.matchRateAt)} UTC)`);
    else if (k.readyInHours !== null) output.out(`${k.kind}: Pinterest is still matching; ready in about ${k.readyInHours} hours. ${k.timing ?? ''}`.trim());
  }
  if (health.overall) output.out(`overall: match rate ${percent(health.overall.matchRate)} (${formatCount(health.overall.size)} of ${formatCount(health.overall.confirmed)})`);
  for (const flag of health.flags) output.out(`warning: ${flag.message}`);
  if (history) {
    if (health.history.length === 0) output.out('No readings yet.');
    else
      output.out(
        formatTable(
          ['Read (UTC)', 'Kind', 'Status', 'Size', 'Uploaded', 'Confirmed', 'Match rate'],
          health.history.map((r) => [when(r.takenAt), r.kind, r.status ?? '', r.size ?? '', r.uploaded ?? '', r.confirmed, percent(r.matchRate)]),
        ),
      );
  }
  if (health.nextCheckAt) output.out(`Pinlist reads again at ${when(health.nextCheckAt)} UTC while the app runs.`);
}

function parseCountry(value: string): (typeof LOOKALIKE_COUNTRIES)[number] {
  const upper = value.trim().toUpperCase();
  if (!(LOOKALIKE_COUNTRIES as readonly string[]).includes(upper)) throw new InvalidArgumentError(`Pinterest makes lookalikes for ${LOOKALIKE_COUNTRIES.join(', ')} only.`);
  return upper as (typeof LOOKALIKE_COUNTRIES)[number];
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new InvalidArgumentError('give a whole number from 1 (the most similar 1%) to 10 (the broadest 10%).');
  return n;
}

function parseKinds(value: string): IdentifierKind[] {
  const kinds = value.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean);
  const bad = kinds.filter((k) => !(IDENTIFIER_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0 || bad.length > 0) throw new InvalidArgumentError(`give kinds from ${IDENTIFIER_KINDS.join(', ')}, separated by commas.`);
  return kinds as IdentifierKind[];
}

function parseAccounts(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0 || ids.some((id) => !/^\d{1,18}$/.test(id))) throw new InvalidArgumentError("give ad account IDs (Pinterest's numbers), separated by commas.");
  return ids;
}

export function lookalikeJson(l: Lookalike): Record<string, unknown> {
  return { audienceId: l.audienceId, name: l.name, seedIds: l.seedIds, country: l.country, percentage: l.percentage, status: l.state === 'pending' ? 'PENDING' : l.status };
}

function printLookalikes(output: Output, lookalikes: Lookalike[]): void {
  output.out(
    formatTable(
      ['Audience', 'Name', 'Seeds', 'Country', 'Size %', 'Status', 'Size'],
      lookalikes.map((l) => [l.audienceId ?? '(pending)', l.name, l.seedKinds.join(','), l.country, l.percentage, l.state === 'pending' ? 'PENDING' : (l.status ?? ''), l.size ?? '']),
    ),
  );
  for (const l of lookalikes) if (l.message) output.out(`note: ${l.name}: ${l.message}`);
}

function printSharing(output: Output, sharing: Sharing): void {
  if (!sharing.available) {
    output.out(sharing.message ?? 'Pinterest does not let this app share audiences.');
    return;
  }
  output.out(
    formatTable(
      ['Audience', 'Name', 'From', 'Shared with'],
      sharing.audiences.map((a) => [a.audienceId, a.name, a.source, a.accounts.map((x) => `${x.accountId}${x.name ? ` (${x.name})` : ''}`).join(', ') || '—']),
    ),
  );
}

export function registerAudiences(program: Command, setup: CommandSetup): void {
  program
    .command('reach')
    .description("Pinterest's monthly reach estimate for a list's audiences in an ad account")
    .argument('<list>', 'the list, by name or number')
    .requiredOption('--ad-account <id>', 'the ad account (see `pinlist accounts`)')
    .option('--json', 'print one JSON object: {"lower","upper","audiences":[ids]}')
    .action(async (reference: string, flags: { adAccount: string; json?: boolean }) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, reference);
      const reach = await runtime.call('audiences.reach', { listId: list.id, adAccountId: flags.adAccount });
      if (flags.json) return printJson(setup.output, { lower: reach.lower, upper: reach.upper, audiences: reach.audiences });
      const bound = (n: number | null) => (n === null ? '?' : formatCount(n));
      setup.output.out(`"${list.name}" may reach ${bound(reach.lower)} to ${bound(reach.upper)} people a month (audiences ${reach.audiences.join(', ')}).`);
      setup.output.out(reach.caveat);
    });

  program
    .command('lookalike')
    .description('Grow a list: create a lookalike audience from its audiences, list its lookalikes, or remove one')
    .argument('<list>', 'the list, by name or number')
    .option('--ad-account <id>', 'the ad account of the seed audiences (needed to create)')
    .option('--country <code>', `where to find similar people: ${LOOKALIKE_COUNTRIES.join(', ')}`, parseCountry)
    .option('--percent <n>', 'size: 1 (the 1% most similar) to 10 (the broadest 10%)', parsePercent)
    .option('--kinds <kinds>', 'seed kinds, e.g. email,gaid (default: every kind whose audience is READY)', parseKinds)
    .option('--name <name>', 'the lookalike\'s name (default: "LIST lookalike (COUNTRY, N%)")')
    .option('--remove <audienceId>', 'remove this lookalike (by its audience ID)')
    .option('--json', 'print one JSON object: {"audienceId","name","seedIds","country","percentage","status"} (listing: an array of them)')
    .action(
      async (
        reference: string,
        flags: { adAccount?: string; country?: (typeof LOOKALIKE_COUNTRIES)[number]; percent?: number; kinds?: IdentifierKind[]; name?: string; remove?: string; json?: boolean },
      ) => {
        const runtime = setup.runtime();
        const list = await resolveListArg(runtime, reference);
        if (flags.remove !== undefined) {
          const found = (await runtime.call('audiences.lookalikes', { listId: list.id })).find((l) => l.audienceId === flags.remove);
          if (!found) throw new PinlistError('NOT_FOUND', `"${list.name}" has no lookalike with audience ID ${flags.remove}. See them with \`pinlist lookalike "${list.name}"\`.`);
          const removed = await runtime.call('audiences.lookalikeRemove', { lookalikeId: found.id });
          if (flags.json) return printJson(setup.output, lookalikeJson(removed));
          return setup.output.out(`Removed lookalike "${removed.name}" (${flags.remove}) from Pinterest.`);
        }
        if (flags.country === undefined && flags.percent === undefined) {
          const lookalikes = await runtime.call('audiences.lookalikes', { listId: list.id, refresh: true });
          if (flags.json) return printJson(setup.output, lookalikes.map(lookalikeJson));
          if (lookalikes.length === 0) return setup.output.out(`"${list.name}" has no lookalikes. Create one with --ad-account ID --country US --percent 5.`);
          return printLookalikes(setup.output, lookalikes);
        }
        if (!flags.adAccount || flags.country === undefined || flags.percent === undefined) {
          throw new PinlistError('USAGE', 'To create a lookalike, give --ad-account, --country and --percent (e.g. --ad-account 549755885175 --country US --percent 5).');
        }
        const created = await runtime.call('audiences.lookalikeCreate', {
          listId: list.id,
          adAccountId: flags.adAccount,
          country: flags.country,
          percentage: flags.percent,
          kinds: flags.kinds,
          name: flags.name,
        });
        if (flags.json) printJson(setup.output, lookalikeJson(created));
        else if (created.state === 'created') setup.output.out(`Created lookalike "${created.name}" (${created.audienceId ?? ''}) from ${created.seedKinds.join(', ')}: ${created.status ?? 'status unknown'}.`);
        // Pending is not a failure: say so where people look, and exit 0.
        if (created.state === 'pending') setup.output.err(`note: ${created.message ?? 'pending: try again when the audience is ready.'}`);
      },
    );

  program
    .command('share')
    .description("Share a list's audiences and lookalikes with other ad accounts (or revoke); without --with, show who has access")
    .argument('<list>', 'the list, by name or number')
    .requiredOption('--ad-account <id>', 'the ad account that owns the audiences')
    .option('--with <ids>', 'ad account IDs, separated by commas', parseAccounts)
    .option('--revoke', 'take access away instead')
    .option('--json', 'print one JSON object: {"available","message","audiences":[{"audienceId","name","source","accounts"}]}')
    .action(async (reference: string, flags: { adAccount: string; with?: string[]; revoke?: boolean; json?: boolean }) => {
      const runtime = setup.runtime();
      const list = await resolveListArg(runtime, reference);
      const sharing = flags.with
        ? await runtime.call('audiences.share', { listId: list.id, adAccountId: flags.adAccount, accountIds: flags.with, revoke: flags.revoke })
        : await runtime.call('audiences.sharing', { listId: list.id, adAccountId: flags.adAccount });
      if (flags.json) return printJson(setup.output, sharing);
      if (flags.with) setup.output.out(`${flags.revoke ? 'Revoked access for' : 'Shared with'} ${flags.with.join(', ')}.`);
      printSharing(setup.output, sharing);
    });
}
