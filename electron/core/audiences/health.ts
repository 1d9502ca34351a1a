import type { AudienceHealth, AudienceReading, KindHealth } from '../../../shared/contract/audiences.js';
import type { SyncStatus } from '../../../shared/contract/sync.js';
import type { Db } from '../db/open.js';
import { memberCounts } from '../store/index.js';
import { syncStatus } from '../sync/index.js';
import { readClient, type AudienceEnv } from './actions.js';
import { alertHealthFlags } from './alerts.js';
import { flagsOf, matchRate, readingsOf, takeReadings, type ReadingTrigger } from './readings.js';
import { nextCheckAt } from './schedule.js';

const HOUR = 3_600_000;
/** Pinterest's word on timing (help centre): matching within 24 h, a size after 24 to 48 h. */
export const PINTEREST_TIMING = 'Pinterest matches a list within 24 hours and shows the audience size 24 to 48 hours after an upload.';

function readyInHours(status: string | null, lastSyncAt: string | null, now: number): number | null {
  if (status !== 'INITIALIZING' || lastSyncAt === null) return null;
  return Math.max(1, Math.ceil((Date.parse(lastSyncAt) + 48 * HOUR - now) / HOUR));
}

function kindHealth(db: Db, row: SyncStatus['targets'][number], readings: readonly AudienceReading[], listMembers: number, now: number): KindHealth {
  const { target, remote } = row;
  const mine = readings.filter((r) => r.kind === target.kind && r.adAccountId === target.adAccountId);
  const sized = [...mine].reverse().find((r) => r.size !== null && r.matchRate !== null);
  const status = remote?.audience?.status ?? null;
  const ready = readyInHours(status, target.lastSyncAt, now);
  let timing: string | null = null;
  if (ready !== null) timing = PINTEREST_TIMING;
  else if (target.audienceState === 'pending') timing = target.audienceMessage;
  return {
    kind: target.kind,
    adAccountId: target.adAccountId,
    customerListId: target.customerListId,
    audienceId: target.audienceId,
    audienceState: target.audienceState,
    audienceMessage: target.audienceMessage,
    status,
    size: remote?.audience?.size ?? null,
    uploaded: remote?.customerList?.numUploadedUserRecords ?? null,
    confirmed: target.confirmedMembers,
    listMembers,
    matchRate: sized?.matchRate ?? null,
    matchRateAt: sized?.takenAt ?? null,
    checkedAt: remote?.fetchedAt ?? null,
    readyInHours: ready,
    timing,
    problem: remote?.problem ?? null,
  };
}

/**
 * The health view of a list from what is stored; with `refresh`, a new reading first, whose flags
 * then reach the alerts.
 */
export async function audienceHealth(env: AudienceEnv, listId: number, options: { adAccountId?: string | undefined; refresh?: boolean; trigger?: ReadingTrigger } = {}): Promise<AudienceHealth> {
  const { db } = env.core;
  const now = (env.now ?? Date.now)();
  if (!options.refresh) return healthFrom(db, await syncStatus(db, listId, { adAccountId: options.adAccountId }), options.adAccountId, now);
  const since = new Date(now).toISOString();
  const sync = await takeReadings(db, readClient(env), listId, { adAccountId: options.adAccountId, trigger: options.trigger ?? 'manual', now: env.now });
  const health = healthFrom(db, sync, options.adAccountId, now);
  alertHealthFlags(env.core, { id: health.listId, name: health.list }, health.flags, since);
  return health;
}

export function healthFrom(db: Db, sync: SyncStatus, adAccountId: string | undefined, now: number): AudienceHealth {
  const history = readingsOf(db, sync.listId, adAccountId);
  const members = memberCounts(db, sync.listId);
  const kinds = sync.targets.map((row) => kindHealth(db, row, history, members[row.target.kind], now));
  let size = 0;
  let confirmed = 0;
  let at: string | null = null;
  for (const kind of kinds) {
    if (kind.matchRate === null || kind.matchRateAt === null) continue;
    const reading = history.find((r) => r.kind === kind.kind && r.adAccountId === kind.adAccountId && r.takenAt === kind.matchRateAt);
    if (!reading || reading.size === null) continue;
    size += reading.size;
    confirmed += reading.confirmed;
    if (at === null || reading.takenAt > at) at = reading.takenAt;
  }
  const overallRate = matchRate(size, confirmed);
  return {
    listId: sync.listId,
    list: sync.list,
    kinds,
    overall: at !== null && overallRate !== null ? { size, confirmed, matchRate: overallRate, at } : null,
    flags: flagsOf(history),
    history,
    nextCheckAt: nextCheckAt(db, sync.listId, now),
    sync,
  };
}
