import type { Lookalike, LookalikeCountry, LookalikeCreate } from '../../../shared/contract/audiences.js';
import { PinlistError } from '../../../shared/errors.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import { PinterestApiError } from '../pinterest/errors.js';
import { requireList } from '../store/index.js';
import { listTargets, type TargetRow } from '../sync/index.js';
import { readClient, recordedWrite, type AudienceEnv } from './actions.js';

/**
 * Lookalike (ACTALIKE) audiences grown from a list's audiences, kept under the list. A seed that
 * is not READY makes the lookalike pending (nothing is sent); creating it again then sends it.
 * A sync never touches them: it only creates a kind's own audience when it has none.
 */

interface LookalikeRow {
  id: number;
  listId: number;
  adAccountId: string;
  name: string;
  state: Lookalike['state'];
  audienceId: string | null;
  seedKindsJson: string;
  seedIdsJson: string;
  country: LookalikeCountry;
  percentage: number;
  status: string | null;
  size: number | null;
  message: string | null;
  checkedAt: string | null;
  createdAt: string;
}

const COLUMNS = `id, list_id AS listId, ad_account_id AS adAccountId, name, state, audience_id AS audienceId, seed_kinds_json AS seedKindsJson,
  seed_ids_json AS seedIdsJson, country, percentage, status, size, message, checked_at AS checkedAt, created_at AS createdAt`;

function view(row: LookalikeRow): Lookalike {
  return {
    id: row.id,
    listId: row.listId,
    adAccountId: row.adAccountId,
    name: row.name,
    state: row.state,
    audienceId: row.audienceId,
    seedKinds: JSON.parse(row.seedKindsJson) as IdentifierKind[],
    seedIds: JSON.parse(row.seedIdsJson) as string[],
    country: row.country,
    percentage: row.percentage,
    status: row.status,
    size: row.size,
    message: row.message,
    checkedAt: row.checkedAt,
    createdAt: row.createdAt,
  };
}

function getRow(db: Db, id: number): LookalikeRow | undefined {
  return db.prepare(`SELECT ${COLUMNS} FROM lookalikes WHERE id = ?`).get(id) as LookalikeRow | undefined;
}

function requireRow(db: Db, id: number): LookalikeRow {
  const row = getRow(db, id);
  if (!row) throw new PinlistError('NOT_FOUND', `There is no lookalike ${id}. Run \`pinlist lookalike LIST\` (or open the list) to see its lookalikes.`);
  return row;
}

/** The list's lookalikes (not removed ones), oldest first. */
export function lookalikesOf(db: Db, listId: number): Lookalike[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM lookalikes WHERE list_id = ? AND state != 'removed' ORDER BY id`).all(listId) as LookalikeRow[]).map(view);
}

/** The list's lookalike with this Pinterest audience ID. */
export function lookalikeByAudience(db: Db, listId: number, audienceId: string): Lookalike | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM lookalikes WHERE list_id = ? AND audience_id = ? AND state != 'removed'`).get(listId, audienceId) as LookalikeRow | undefined;
  return row ? view(row) : undefined;
}

function iso(env: AudienceEnv): string {
  return new Date((env.now ?? Date.now)()).toISOString();
}

/** "Spring promo lookalike (US, 5%)" */
export function defaultLookalikeName(listName: string, country: string, percentage: number): string {
  return `${listName} lookalike (${country}, ${percentage}%)`;
}

const NOT_READY = /not ready|INITIALIZING|TOO_SMALL/i;

interface Seed {
  target: TargetRow;
  audienceId: string;
  status: string | null;
}

async function chooseSeeds(env: AudienceEnv, targets: TargetRow[], kinds: IdentifierKind[] | undefined): Promise<Seed[]> {
  const withAudience = targets.filter((t): t is TargetRow & { audienceId: string } => t.audienceId !== null);
  if (withAudience.length === 0) {
    throw new PinlistError(
      'INVALID_INPUT',
      'This list has no Pinterest audience in that ad account yet, so there is nothing to grow a lookalike from. Sync it first (an audience needs 100 matched people).',
    );
  }
  if (kinds) {
    const missing = kinds.filter((kind) => !withAudience.some((t) => t.kind === kind));
    if (missing.length > 0) {
      throw new PinlistError('INVALID_INPUT', `The list has no ${missing.join(', ')} audience in that ad account. Pick from: ${withAudience.map((t) => t.kind).join(', ')}.`);
    }
  }
  const client = readClient(env);
  const seeds: Seed[] = [];
  for (const target of withAudience) {
    if (kinds && !kinds.includes(target.kind)) continue;
    const audience = await client.getAudience(target.adAccountId, target.audienceId);
    seeds.push({ target, audienceId: target.audienceId, status: audience.status ?? null });
  }
  if (kinds) return seeds;
  // Default: every kind whose audience is READY; none READY yet: all of them, which leaves it pending.
  const ready = seeds.filter((seed) => seed.status === 'READY');
  return ready.length > 0 ? ready : seeds;
}

function pendingMessage(notReady: Seed[]): string {
  const which = notReady.map((seed) => `${seed.target.kind} (${seed.status ?? 'no status yet'})`).join(', ');
  return `Not created yet: the seed audience ${which} is not READY. Try again when the audience is ready (Pinterest sizes audiences 24 to 48 hours after an upload).`;
}

export async function createLookalike(env: AudienceEnv, input: LookalikeCreate): Promise<Lookalike> {
  const { db } = env.core;
  const list = requireList(db, input.listId);
  const targets = listTargets(db, list.id, input.adAccountId);
  const seeds = await chooseSeeds(env, targets, input.kinds);
  const name = input.name ?? defaultLookalikeName(list.name, input.country, input.percentage);
  const seedKinds = seeds.map((seed) => seed.target.kind);
  const seedIds = seeds.map((seed) => seed.audienceId);
  // Trying again re-uses the pending row of the same lookalike rather than leaving a second one.
  const pending = db
    .prepare(`SELECT id FROM lookalikes WHERE list_id = ? AND ad_account_id = ? AND state = 'pending' AND name = ?`)
    .pluck()
    .get(list.id, input.adAccountId, name) as number | undefined;
  const save = (state: Lookalike['state'], fields: { audienceId: string | null; status: string | null; size: number | null; message: string | null }): Lookalike => {
    const now = iso(env);
    const params = [name, state, fields.audienceId, JSON.stringify(seedKinds), JSON.stringify(seedIds), input.country, input.percentage, fields.status, fields.size, fields.message, now, now];
    if (pending !== undefined) {
      db.prepare(
        `UPDATE lookalikes SET name = ?, state = ?, audience_id = ?, seed_kinds_json = ?, seed_ids_json = ?, country = ?, percentage = ?, status = ?, size = ?,
           message = ?, checked_at = ?, updated_at = ? WHERE id = ?`,
      ).run(...params, pending);
      return view(requireRow(db, pending));
    }
    const id = Number(
      db
        .prepare(
          `INSERT INTO lookalikes (list_id, ad_account_id, name, state, audience_id, seed_kinds_json, seed_ids_json, country, percentage, status, size, message,
             checked_at, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(list.id, input.adAccountId, ...params, now).lastInsertRowid,
    );
    return view(requireRow(db, id));
  };

  const notReady = seeds.filter((seed) => seed.status !== 'READY');
  if (notReady.length > 0) return save('pending', { audienceId: null, status: null, size: null, message: pendingMessage(notReady) });

  try {
    const created = await recordedWrite(env, { listId: list.id, adAccountId: input.adAccountId, action: 'lookalike.create', objectId: `new:${name}` }, (client) =>
      client.createLookalike(input.adAccountId, {
        name,
        seed_ids: seedIds,
        country: input.country,
        percentage: input.percentage,
        description: `Lookalike of "${list.name}", made by Pinlist.`,
      }),
    );
    return save('created', { audienceId: created.id, status: created.status ?? null, size: created.size ?? null, message: null });
  } catch (error) {
    if (error instanceof PinterestApiError && error.ambiguous) {
      // The create may have landed: find it by name before anyone creates a second one.
      const found = (await readClient(env).listAudiences(input.adAccountId)).find((a) => a.name === name && a.audience_type === 'ACTALIKE');
      if (found) return save('created', { audienceId: found.id, status: found.status ?? null, size: found.size ?? null, message: null });
    }
    // Pinterest's own word that a seed is not ready (it changed since it was read): pending, not a failure.
    if (error instanceof PinterestApiError && error.status === 400 && NOT_READY.test(error.message)) {
      return save('pending', { audienceId: null, status: null, size: null, message: pendingMessage(seeds.map((seed) => ({ ...seed, status: 'not ready' }))) });
    }
    throw error;
  }
}

export async function renameLookalike(env: AudienceEnv, lookalikeId: number, name: string): Promise<Lookalike> {
  const { db } = env.core;
  const row = requireRow(db, lookalikeId);
  if (row.state === 'created' && row.audienceId) {
    const audienceId = row.audienceId;
    await recordedWrite(env, { listId: row.listId, adAccountId: row.adAccountId, action: 'lookalike.rename', objectId: audienceId }, (client) =>
      client.updateAudience(row.adAccountId, audienceId, { name }),
    );
  }
  db.prepare('UPDATE lookalikes SET name = ?, updated_at = ? WHERE id = ?').run(name, iso(env), row.id);
  return view(requireRow(db, row.id));
}

export async function removeLookalike(env: AudienceEnv, lookalikeId: number): Promise<Lookalike> {
  const { db } = env.core;
  const row = requireRow(db, lookalikeId);
  if (row.state === 'created' && row.audienceId) {
    const audienceId = row.audienceId;
    try {
      await recordedWrite(env, { listId: row.listId, adAccountId: row.adAccountId, action: 'lookalike.remove', objectId: audienceId }, (client) =>
        client.updateAudience(row.adAccountId, audienceId, { operation_type: 'REMOVE' }),
      );
    } catch (error) {
      // Already gone on Pinterest (removed in Ads Manager): the goal is reached.
      if (!(error instanceof PinterestApiError && error.status === 404)) throw error;
    }
  }
  db.prepare(`UPDATE lookalikes SET state = 'removed', updated_at = ? WHERE id = ?`).run(iso(env), row.id);
  return view(requireRow(db, row.id));
}

/** Reads the status and size of the list's created lookalikes from Pinterest and keeps them. */
export async function refreshLookalikes(env: AudienceEnv, listId: number): Promise<Lookalike[]> {
  const { db } = env.core;
  requireList(db, listId);
  const client = readClient(env);
  for (const lookalike of lookalikesOf(db, listId)) {
    if (lookalike.state !== 'created' || !lookalike.audienceId) continue;
    try {
      const audience = await client.getAudience(lookalike.adAccountId, lookalike.audienceId);
      db.prepare('UPDATE lookalikes SET status = ?, size = ?, message = NULL, checked_at = ? WHERE id = ?').run(audience.status ?? null, audience.size ?? null, iso(env), lookalike.id);
    } catch (error) {
      if (!(error instanceof PinterestApiError)) throw error;
      db.prepare('UPDATE lookalikes SET message = ?, checked_at = ? WHERE id = ?').run(error.message, iso(env), lookalike.id);
    }
  }
  return lookalikesOf(db, listId);
}
