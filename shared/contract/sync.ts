import * as z from 'zod';
import { IDENTIFIER_KINDS } from '../identifiers.js';
import { request } from './define.js';

/**
 * Syncing a local list to Pinterest customer lists and audiences in one ad account.
 *
 * Flow for the sync screen: `sync.plan` (a dry run: what would be sent, the warnings, and whether
 * the sync needs the user's confirmation because it removes a lot) → a confirmation dialog when
 * `needsConfirmation` → `sync.start` (a job; `job.progress` while it runs; its result is a
 * {@link SyncReport}). A sync that stops part-way (Pinterest down, a 403, cancelled) fails its job
 * with the reason; what Pinterest confirmed before that is kept, the run's partial report is in
 * `sync.history` (find it by `jobId`), and running the sync again finishes the job.
 *
 * Job progress (kind 'sync'): `phase` is one of planning, creating, adding, removing, audiences,
 * finishing; `done`/`total` count batches sent / planned; `detail` says which list is being
 * written, the retries so far and any wait, e.g. "email: batch 12 of 40 · 3 retries · rate limited: waiting 12 s".
 */

const kindSchema = z.enum(IDENTIFIER_KINDS);
const count = z.number().int().nonnegative();
/** Pinterest's IDs are numeric strings. */
const pinterestIdSchema = z.string().trim().regex(/^\d{1,32}$/, "Pinterest's numeric ID");

export const syncAdoptSchema = z.partialRecord(kindSchema, pinterestIdSchema);

export const syncOptionsSchema = z.strictObject({
  listId: z.number().int().positive(),
  adAccountId: pinterestIdSchema,
  /** Records per ADD/REMOVE request; default: the batchSize setting. */
  batchSize: z.number().int().min(1).max(10_000).optional(),
  /** Confirms a sync that removes more than the shrink threshold or takes a list below the minimum. */
  allowShrink: z.boolean().optional(),
  /** Use an existing Pinterest customer list for a kind (by its ID) instead of creating one. */
  adopt: syncAdoptSchema.optional(),
});

/** Why a sync needs confirmation; one per customer list that trips a guardrail. */
export const syncGuardrailSchema = z.strictObject({
  kind: kindSchema,
  reason: z.enum(['shrink', 'below-minimum']),
  /** What Pinterest holds now (by Pinlist's ledger). */
  confirmed: count,
  removes: count,
  /** Members after the sync. */
  after: count,
  /** removes / confirmed × 100. */
  percent: z.number().nonnegative(),
  /** The setting that was crossed: shrinkThresholdPercent or minimumListSize. */
  limit: z.number().nonnegative(),
});

export const syncKindReportSchema = z.strictObject({
  /** List members minus the suppression list. */
  desired: count,
  /** Members Pinterest held before the run, by the ledger. */
  confirmedBefore: count,
  /** Records whose state on Pinterest was unknown (a batch in flight when an earlier sync was killed). */
  uncertain: count,
  /** Planned (dry run) or confirmed (sync) record counts. */
  adds: count,
  removes: count,
  suppressed: count,
  /** Write requests planned (dry run) or sent (sync) for this customer list. */
  requests: count,
  customerListId: z.string().nullable(),
  customerListName: z.string(),
  created: z.boolean(),
  adopted: z.boolean(),
});

export const remoteStatusSchema = z.strictObject({ id: z.string().nullable(), status: z.string().nullable() });

export const syncReportSchema = z.strictObject({
  /** null for a dry run (not recorded). */
  runId: z.number().int().nullable(),
  jobId: z.string().nullable(),
  listId: z.number().int(),
  list: z.string(),
  adAccountId: z.string(),
  dryRun: z.boolean(),
  /** Every planned change was confirmed by Pinterest. */
  complete: z.boolean(),
  added: count,
  removed: count,
  suppressed: count,
  /** HTTP requests to Pinterest (dry run: the write requests the sync would send). */
  requests: count,
  retries: count,
  kinds: z.partialRecord(kindSchema, syncKindReportSchema),
  customerLists: z.partialRecord(kindSchema, remoteStatusSchema),
  /** null: no audience yet (pending: Pinterest wants 100 matched users first). */
  audiences: z.partialRecord(kindSchema, remoteStatusSchema.nullable()),
  guardrails: z.array(syncGuardrailSchema),
  needsConfirmation: z.boolean(),
  /** Records Pinterest refused even alone (a batch split down to one record), as SHA-256 hex. */
  isolated: z.array(z.strictObject({ kind: kindSchema, op: z.enum(['ADD', 'REMOVE']), hash: z.string() })),
  warnings: z.array(z.string()),
  /** Why the run stopped early. */
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Time to compute the diff (in a worker thread). */
  diffMs: z.number().nonnegative(),
});

export const syncRunStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);

export const syncRunSchema = z.strictObject({
  runId: z.number().int(),
  jobId: z.string().nullable(),
  listId: z.number().int(),
  adAccountId: z.string(),
  state: syncRunStateSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  added: count,
  removed: count,
  requests: count,
  retries: count,
  batches: count,
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  /** Customer list and audience IDs per kind. */
  remoteIds: z.partialRecord(kindSchema, z.strictObject({ customerListId: z.string().nullable(), audienceId: z.string().nullable() })),
  warnings: z.array(z.string()),
  /** The full report once the run ended (also for runs that stopped part-way). */
  report: syncReportSchema.nullable(),
});

export const audienceStateSchema = z.enum(['none', 'pending', 'created']);

export const syncTargetSchema = z.strictObject({
  targetId: z.number().int(),
  listId: z.number().int(),
  adAccountId: z.string(),
  kind: kindSchema,
  listType: z.enum(['EMAIL', 'MAID', 'IDFA']),
  /** null until Pinterest created it. */
  customerListId: z.string().nullable(),
  customerListName: z.string(),
  adopted: z.boolean(),
  audienceId: z.string().nullable(),
  /** pending: Pinterest refused the audience (fewer than 100 matched users); retried on the next sync. */
  audienceState: audienceStateSchema,
  audienceMessage: z.string().nullable(),
  /** Members Pinterest confirmed (the ledger). */
  confirmedMembers: count,
  /** Records whose state on Pinterest is unknown until the next sync resends them. */
  uncertainMembers: count,
  lastSyncAt: z.string().nullable(),
  createdAt: z.string(),
});

export const remoteSnapshotSchema = z.strictObject({
  customerList: z
    .strictObject({
      status: z.string().nullable(),
      /** Pinterest's counters count records sent, not members. */
      numUploadedUserRecords: z.number().nullable(),
      numRemovedUserRecords: z.number().nullable(),
      numBatches: z.number().nullable(),
    })
    .nullable(),
  audience: z.strictObject({ status: z.string().nullable(), size: z.number().nullable() }).nullable(),
  /** When Pinlist asked Pinterest (matching takes 24 to 48 hours). */
  fetchedAt: z.string(),
  /** Why the status could not be read, when it could not. */
  problem: z.string().nullable(),
});

/**
 * A list's newest sync run, for the list overview (`lists.list`): `state` is 'running' while it
 * runs, `added` / `removed` are what Pinterest confirmed so far, `error` why it stopped when it did
 * not succeed.
 */
export const lastSyncSchema = syncRunSchema
  .pick({ runId: true, adAccountId: true, state: true, startedAt: true, endedAt: true, added: true, removed: true })
  .extend({ error: z.strictObject({ code: z.string(), message: z.string() }).nullable() });

/** One of a list's Pinterest customer lists (per ad account and kind) with Pinterest's last word on it, for the list overview. */
export const pinterestTargetStatusSchema = z.strictObject({
  adAccountId: z.string(),
  kind: kindSchema,
  listType: z.enum(['EMAIL', 'MAID', 'IDFA']),
  /** null until Pinterest created it. */
  customerListId: z.string().nullable(),
  audienceState: audienceStateSchema,
  /** The last status read from Pinterest (customer list status, audience status and size, when); null: never asked. */
  remote: remoteSnapshotSchema.nullable(),
});

export const syncStatusSchema = z.strictObject({
  listId: z.number().int(),
  list: z.string(),
  targets: z.array(z.strictObject({ target: syncTargetSchema, remote: remoteSnapshotSchema.nullable() })),
  /** A sync of this list is running (by this or another process). */
  lock: z.strictObject({ pid: z.number().int(), host: z.string(), since: z.string(), heartbeatAt: z.string() }).nullable(),
});

/** A customer list in an ad account, for "Use an existing customer list". */
export const remoteCustomerListSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** EMAIL, MAID or IDFA when Pinterest says so (its list answers usually do not: then null). */
  listType: z.string().nullable(),
  /** Which identifier kind it takes: from `listType`, else the kind Pinlist already syncs to it; null when unknown. */
  kind: kindSchema.nullable(),
  /** Pinterest's counter of records uploaded (it counts records sent, not members); null when not given. */
  size: z.number().nullable(),
  status: z.string().nullable(),
  /** Seconds since 1970 (Pinterest's created_time); null when not given. */
  createdTime: z.number().nullable(),
  /** The Pinlist list (and kind) that already syncs to it; null when none does. */
  usedBy: z.strictObject({ listId: z.number().int(), listName: z.string(), kind: kindSchema }).nullable(),
});

export const syncRequests = {
  'sync.customerLists': request(
    'The ad account’s customer lists (all pages), by name, with their type, size and status, and which Pinlist list already syncs to each: for picking an existing list (`adopt`).',
    z.strictObject({ adAccountId: pinterestIdSchema }),
    z.array(remoteCustomerListSchema),
  ),
  'sync.plan': request(
    'A dry run: the adds, removes, suppressed count, requests and warnings a sync would have, and whether it needs confirmation. Sends no writes to Pinterest (it may read, e.g. to check an adopted list).',
    syncOptionsSchema,
    syncReportSchema,
  ),
  'sync.start': request(
    'Starts syncing a list to an ad account as a job (kind "sync"); its result is the sync report. Fails with SYNC_LOCKED when the list is already syncing, SYNC_NEEDS_CONFIRMATION (see sync.plan) without allowShrink.',
    syncOptionsSchema,
    z.strictObject({ jobId: z.string() }),
  ),
  'sync.history': request(
    'The recorded sync runs of a list, newest first.',
    z.strictObject({ listId: z.number().int().positive(), limit: z.number().int().min(1).max(1000).optional() }),
    z.array(syncRunSchema),
  ),
  'sync.status': request(
    'The list’s Pinterest customer lists and audiences with their last known remote status; `refresh` asks Pinterest now and keeps the answer with a timestamp.',
    z.strictObject({ listId: z.number().int().positive(), adAccountId: pinterestIdSchema.optional(), refresh: z.boolean().optional() }),
    syncStatusSchema,
  ),
  'sync.targets': request(
    'Where the list syncs to: one customer list (and audience) per identifier kind and ad account.',
    z.strictObject({ listId: z.number().int().positive() }),
    z.array(syncTargetSchema),
  ),
} as const;

export type SyncOptions = z.infer<typeof syncOptionsSchema>;
export type SyncReport = z.infer<typeof syncReportSchema>;
export type SyncKindReport = z.infer<typeof syncKindReportSchema>;
export type SyncGuardrail = z.infer<typeof syncGuardrailSchema>;
export type SyncRun = z.infer<typeof syncRunSchema>;
export type SyncRunState = z.infer<typeof syncRunStateSchema>;
export type SyncTarget = z.infer<typeof syncTargetSchema>;
export type RemoteSnapshot = z.infer<typeof remoteSnapshotSchema>;
export type SyncStatus = z.infer<typeof syncStatusSchema>;
export type AudienceState = z.infer<typeof audienceStateSchema>;
export type LastSync = z.infer<typeof lastSyncSchema>;
export type PinterestTargetStatus = z.infer<typeof pinterestTargetStatusSchema>;
export type RemoteCustomerList = z.infer<typeof remoteCustomerListSchema>;
