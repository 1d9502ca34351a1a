import { AUDIENCE_MINIMUM, MATCH_RATE_DROP_POINTS, NEAR_MINIMUM_SIZE, type AudienceReading, type HealthFlag } from '../../../shared/contract/audiences.js';
import type { SyncStatus } from '../../../shared/contract/sync.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Db } from '../db/open.js';
import type { PinterestClient } from '../pinterest/client.js';
import { memberCounts } from '../store/index.js';
import { syncStatus } from '../sync/index.js';

/**
 * Readings: what Pinterest said about each of a list's audiences at one moment, kept beside the
 * confirmed ledger and the list's own size then. The match rate comes only from these.
 */

export type ReadingTrigger = AudienceReading['trigger'];

interface ReadingRow {
  targetId: number;
  adAccountId: string;
  kind: IdentifierKind;
  takenAt: string;
  status: string | null;
  size: number | null;
  uploaded: number | null;
  confirmed: number;
  listMembers: number;
  trigger: ReadingTrigger;
  problem: string | null;
}

/** size ÷ confirmed in percent, one decimal; null without a size or without confirmed members. */
export function matchRate(size: number | null, confirmed: number): number | null {
  if (size === null || confirmed <= 0) return null;
  return Math.round((size / confirmed) * 1000) / 10;
}

function toReading(row: ReadingRow): AudienceReading {
  return {
    kind: row.kind,
    adAccountId: row.adAccountId,
    takenAt: row.takenAt,
    status: row.status,
    size: row.size,
    uploaded: row.uploaded,
    confirmed: row.confirmed,
    listMembers: row.listMembers,
    matchRate: matchRate(row.size, row.confirmed),
    trigger: row.trigger,
    problem: row.problem,
  };
}

const READING_COLUMNS = `r.target_id AS targetId, t.ad_account_id AS adAccountId, r.kind, r.taken_at AS takenAt, r.status, r.size, r.uploaded, r.confirmed,
  r.list_members AS listMembers, r.trigger, r.problem`;

/** The list's readings, oldest first (optionally of one ad account's targets). */
export function readingsOf(db: Db, listId: number, adAccountId?: string): AudienceReading[] {
  const rows = db
    .prepare(
      `SELECT ${READING_COLUMNS} FROM audience_readings r JOIN sync_targets t ON t.id = r.target_id
        WHERE r.list_id = ? ${adAccountId === undefined ? '' : 'AND t.ad_account_id = ?'} ORDER BY r.taken_at, r.id`,
    )
    .all(...(adAccountId === undefined ? [listId] : [listId, adAccountId])) as ReadingRow[];
  return rows.map(toReading);
}

/** When the list was last read (any trigger), in ms; null: never. */
export function lastReadingAt(db: Db, listId: number): number | null {
  const at = db.prepare('SELECT max(taken_at) FROM audience_readings WHERE list_id = ?').pluck().get(listId) as string | null;
  return at === null ? null : Date.parse(at);
}

/**
 * Asks Pinterest about the list's customer lists and audiences (one read each, through the sync's
 * status refresh, so `sync.status` shows the same answer) and keeps one reading per target.
 */
export async function takeReadings(
  db: Db,
  client: PinterestClient,
  listId: number,
  options: { adAccountId?: string | undefined; trigger: ReadingTrigger; now?: () => number },
): Promise<SyncStatus> {
  const status = await syncStatus(db, listId, { adAccountId: options.adAccountId, client });
  // The snapshot's own time, so a reading and `sync.status` agree on when Pinterest was asked; a given clock wins.
  const clock = options.now ? new Date(options.now()).toISOString() : null;
  const members = memberCounts(db, listId);
  const insert = db.prepare(
    `INSERT INTO audience_readings (target_id, list_id, kind, taken_at, status, size, uploaded, confirmed, list_members, trigger, problem)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const { target, remote } of status.targets) {
      // Only targets Pinterest was just asked about: one without a customer list has nothing to say.
      if (!target.customerListId || !remote) continue;
      insert.run(
        target.targetId,
        listId,
        target.kind,
        clock ?? remote.fetchedAt,
        remote.audience?.status ?? null,
        remote.audience?.size ?? null,
        remote.customerList?.numUploadedUserRecords ?? null,
        target.confirmedMembers,
        members[target.kind],
        options.trigger,
        remote.problem,
      );
    }
  })();
  return status;
}

/**
 * Flags from the newest readings of each kind: a match rate that fell more than
 * MATCH_RATE_DROP_POINTS since the reading before it, and a size under or near the minimum.
 */
export function flagsOf(readings: readonly AudienceReading[]): HealthFlag[] {
  const flags: HealthFlag[] = [];
  // One series per audience: a kind in two ad accounts is two audiences.
  const byAudience = new Map<string, AudienceReading[]>();
  for (const reading of readings) {
    if (reading.size === null) continue;
    const key = `${reading.adAccountId}:${reading.kind}`;
    const list = byAudience.get(key) ?? [];
    list.push(reading);
    byAudience.set(key, list);
  }
  for (const sized of byAudience.values()) {
    const latest = sized.at(-1);
    if (!latest) continue;
    const kind = latest.kind;
    const previous = sized.at(-2);
    if (previous && previous.matchRate !== null && latest.matchRate !== null && previous.matchRate - latest.matchRate > MATCH_RATE_DROP_POINTS) {
      flags.push({
        kind,
        type: 'match-rate-drop',
        at: latest.takenAt,
        message: `The ${kind} match rate fell from ${previous.matchRate}% to ${latest.matchRate}% between ${previous.takenAt.slice(0, 10)} and ${latest.takenAt.slice(0, 10)}. Check the last import (a changed column or normalization) before the next sync.`,
      });
    }
    const size = latest.size ?? 0;
    if (size < AUDIENCE_MINIMUM) {
      flags.push({
        kind,
        type: 'below-minimum',
        at: latest.takenAt,
        message: `The ${kind} audience has ${size} matched people, under Pinterest's minimum of ${AUDIENCE_MINIMUM}: it cannot serve ads. Add members and sync again.`,
      });
    } else if (size < NEAR_MINIMUM_SIZE) {
      flags.push({
        kind,
        type: 'near-minimum',
        at: latest.takenAt,
        message: `The ${kind} audience has ${size} matched people, close to Pinterest's minimum of ${AUDIENCE_MINIMUM}: a few removals would stop it serving.`,
      });
    }
  }
  return flags;
}
