import * as z from 'zod';
import { IDENTIFIER_KINDS } from '../identifiers.js';
import { LOOKALIKE_COUNTRIES } from '../lookalike-countries.js';
import { request } from './define.js';
import { syncStatusSchema } from './sync.js';

/**
 * A synced list on Pinterest: audience health over time (match rate), reach, lookalikes and
 * sharing (issue 11). Nothing here sends an identifier or a hash: only IDs, names and settings.
 *
 * Match rate = the audience's size ÷ the members Pinterest confirmed (Pinlist's ledger), in
 * percent, per kind and overall; null until Pinterest has sized the audience. Pinterest itself
 * reports no match rate, and sizes an audience 24 to 48 hours after an upload.
 */

const kindSchema = z.enum(IDENTIFIER_KINDS);
const count = z.number().int().nonnegative();
const pinterestIdSchema = z.string().trim().regex(/^\d{1,18}$/, "Pinterest's numeric ID");
const listIdSchema = z.number().int().positive();

/** Countries Pinterest makes lookalikes for. */
export { LOOKALIKE_COUNTRIES };
export const lookalikeCountrySchema = z.enum(LOOKALIKE_COUNTRIES);
/** 1: the 1 % of the country most like the seed … 10: the broadest 10 %. */
export const lookalikePercentageSchema = z.number().int().min(1, 'The size is 1 to 10 (%)').max(10, 'The size is 1 to 10 (%)');

/** The audience minimum Pinterest serves. */
export const AUDIENCE_MINIMUM = 100;
/** A size under this (but at least the minimum) is flagged as near the minimum. */
export const NEAR_MINIMUM_SIZE = 125;
/** A fall in match rate of more than this many points between two readings is flagged. */
export const MATCH_RATE_DROP_POINTS = 10;

export const healthFlagSchema = z.strictObject({
  kind: kindSchema,
  type: z.enum(['match-rate-drop', 'near-minimum', 'below-minimum']),
  /** A sentence for people: what happened and what to do. */
  message: z.string(),
  /** The reading that raised it. */
  at: z.string(),
});

export const audienceReadingSchema = z.strictObject({
  kind: kindSchema,
  adAccountId: z.string(),
  takenAt: z.string(),
  /** The audience's status (READY, INITIALIZING, TOO_SMALL, …); null while there is no audience. */
  status: z.string().nullable(),
  /** null until Pinterest sized the audience. */
  size: count.nullable(),
  /** The customer list's num_uploaded_user_records: records sent, not members. */
  uploaded: count.nullable(),
  /** Members Pinterest confirmed (the ledger) when read. */
  confirmed: count,
  /** The local list's members of this kind when read. */
  listMembers: count,
  /** size ÷ confirmed × 100, one decimal; null without a size. */
  matchRate: z.number().nonnegative().nullable(),
  trigger: z.enum(['schedule', 'status', 'manual']),
  problem: z.string().nullable(),
});

export const kindHealthSchema = z.strictObject({
  kind: kindSchema,
  adAccountId: z.string(),
  customerListId: z.string().nullable(),
  audienceId: z.string().nullable(),
  /** none / pending (Pinterest wants 100 matched users first) / created. */
  audienceState: z.enum(['none', 'pending', 'created']),
  audienceMessage: z.string().nullable(),
  status: z.string().nullable(),
  size: count.nullable(),
  uploaded: count.nullable(),
  /** Confirmed members now (the ledger). */
  confirmed: count,
  listMembers: count,
  /** From the newest reading with a size, with its date in `matchRateAt`. */
  matchRate: z.number().nonnegative().nullable(),
  matchRateAt: z.string().nullable(),
  /** When Pinterest was last asked; null: never. */
  checkedAt: z.string().nullable(),
  /** While INITIALIZING: hours until the end of Pinterest's usual 24-48 h window after the last sync (at least 1). */
  readyInHours: z.number().int().positive().nullable(),
  /** What Pinterest says about timing, shown beside `readyInHours`. */
  timing: z.string().nullable(),
  problem: z.string().nullable(),
});

export const audienceHealthSchema = z.strictObject({
  listId: z.number().int(),
  list: z.string(),
  kinds: z.array(kindHealthSchema),
  /** Over every kind with a size: Σ size ÷ Σ confirmed. */
  overall: z.strictObject({ size: count, confirmed: count, matchRate: z.number().nonnegative(), at: z.string() }).nullable(),
  flags: z.array(healthFlagSchema),
  /** Every reading, oldest first (for the chart and `--history`). */
  history: z.array(audienceReadingSchema),
  /** When the app asks Pinterest next on its own (1 h, 6 h, 24 h, 48 h after a sync, then daily); null: nothing to ask. */
  nextCheckAt: z.string().nullable(),
  /** The sync view of the same targets (what `sync.status` answers). */
  sync: syncStatusSchema,
});

export const reachSchema = z.strictObject({
  lower: count.nullable(),
  upper: count.nullable(),
  /** The audiences estimated together. */
  audiences: z.array(z.string()),
  caveat: z.string(),
});

export const lookalikeSchema = z.strictObject({
  id: z.number().int(),
  listId: z.number().int(),
  adAccountId: z.string(),
  name: z.string(),
  /** pending: a seed audience was not READY yet (nothing was sent); try again when it is. */
  state: z.enum(['pending', 'created', 'removed']),
  audienceId: z.string().nullable(),
  seedKinds: z.array(kindSchema),
  seedIds: z.array(z.string()),
  country: lookalikeCountrySchema,
  percentage: z.number().int(),
  status: z.string().nullable(),
  size: count.nullable(),
  message: z.string().nullable(),
  checkedAt: z.string().nullable(),
  createdAt: z.string(),
});

export const lookalikeCreateSchema = z.strictObject({
  listId: listIdSchema,
  adAccountId: pinterestIdSchema,
  country: lookalikeCountrySchema,
  percentage: lookalikePercentageSchema,
  /** Default: every kind whose audience is READY. */
  kinds: z.array(kindSchema).min(1).optional(),
  name: z.string().trim().min(1).max(200).optional(),
});

export const sharedAccountSchema = z.strictObject({ accountId: z.string(), name: z.string().nullable(), sharedAt: z.string().nullable() });

export const sharingSchema = z.strictObject({
  /** false: Pinterest refused sharing for this app; `message` says what to ask Pinterest for. */
  available: z.boolean(),
  message: z.string().nullable(),
  audiences: z.array(
    z.strictObject({
      audienceId: z.string(),
      name: z.string(),
      /** An identifier kind's audience, or a lookalike. */
      source: z.union([kindSchema, z.literal('lookalike')]),
      accounts: z.array(sharedAccountSchema),
    }),
  ),
});

export const audienceRequests = {
  'audiences.health': request(
    'Audience health per kind (status, size, uploaded, confirmed, match rate with its date, readiness) with the readings history and flags; `refresh` asks Pinterest now and stores a reading.',
    z.strictObject({
      listId: listIdSchema,
      adAccountId: pinterestIdSchema.optional(),
      refresh: z.boolean().optional(),
      /** Why the reading is taken, kept with it: 'status' for `pinlist status`, else 'manual'. */
      trigger: z.enum(['status', 'manual']).optional(),
    }),
    audienceHealthSchema,
  ),
  'audiences.reach': request(
    "Pinterest's monthly reach estimate for the list's own audiences in one ad account, together.",
    z.strictObject({ listId: listIdSchema, adAccountId: pinterestIdSchema }),
    reachSchema,
  ),
  'audiences.lookalikes': request(
    'The lookalikes grown from a list; `refresh` reads their status and size from Pinterest.',
    z.strictObject({ listId: listIdSchema, refresh: z.boolean().optional() }),
    z.array(lookalikeSchema),
  ),
  'audiences.lookalikeCreate': request(
    'Creates a lookalike (ACTALIKE) from the list’s audiences. A seed that is not READY yet gives a pending lookalike (nothing sent): try again when the audience is ready.',
    lookalikeCreateSchema,
    lookalikeSchema,
  ),
  'audiences.lookalikeRename': request(
    'Renames a lookalike on Pinterest.',
    z.strictObject({ lookalikeId: z.number().int().positive(), name: z.string().trim().min(1).max(200) }),
    lookalikeSchema,
  ),
  'audiences.lookalikeRemove': request(
    'Removes a lookalike on Pinterest (or forgets a pending one).',
    z.strictObject({ lookalikeId: z.number().int().positive() }),
    lookalikeSchema,
  ),
  'audiences.sharing': request(
    'Who has access to the list’s audiences and lookalikes; `available` false when Pinterest does not let this app share.',
    z.strictObject({ listId: listIdSchema, adAccountId: pinterestIdSchema }),
    sharingSchema,
  ),
  'audiences.share': request(
    'Shares the list’s audiences and lookalikes with other ad accounts (or revokes access), one audience at a time.',
    z.strictObject({ listId: listIdSchema, adAccountId: pinterestIdSchema, accountIds: z.array(pinterestIdSchema).min(1), revoke: z.boolean().optional() }),
    sharingSchema,
  ),
} as const;

export type HealthFlag = z.infer<typeof healthFlagSchema>;
export type AudienceReading = z.infer<typeof audienceReadingSchema>;
export type KindHealth = z.infer<typeof kindHealthSchema>;
export type AudienceHealth = z.infer<typeof audienceHealthSchema>;
export type Reach = z.infer<typeof reachSchema>;
export type Lookalike = z.infer<typeof lookalikeSchema>;
export type LookalikeCreate = z.infer<typeof lookalikeCreateSchema>;
export type LookalikeCountry = z.infer<typeof lookalikeCountrySchema>;
export type Sharing = z.infer<typeof sharingSchema>;
