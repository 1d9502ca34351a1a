import * as z from 'zod';
import { IDENTIFIER_KINDS, REJECT_REASONS } from '../identifiers.js';
import { settingsPatchSchema, settingsSchema } from '../settings.js';
import { request } from './define.js';
import { lastSyncSchema, pinterestTargetStatusSchema } from './sync.js';

/**
 * The read side of lists (overview, detail, members, lookup, rejects), exports for Ads Manager
 * and of rejects, rename/delete, the suppression list's summary and single removals, and settings.
 *
 * Numbers are numbers; hashes are 64 lowercase hex digits; times are ISO 8601 strings.
 */

const kindSchema = z.enum(IDENTIFIER_KINDS);
const reasonSchema = z.enum(REJECT_REASONS);
const countSchema = z.number().int().nonnegative();
const listIdSchema = z.number().int().positive();
const importIdSchema = z.number().int().positive();
const offsetSchema = z.number().int().nonnegative();
/** Longest page a table may ask for: a virtualized table asks for what is on screen plus a margin. */
export const MAX_PAGE_ROWS = 500;
const limitSchema = z.number().int().min(1).max(MAX_PAGE_ROWS);
/** A typed email or ad ID (or a 64-hex SHA-256 of an email). Never stored or logged. */
const typedValueSchema = z.string().max(1000);

export const listMemberCountsSchema = z.strictObject({ email: countSchema, gaid: countSchema, idfa: countSchema });

/** The newest import of a list, for the overview. */
export const lastImportSchema = z.strictObject({
  id: importIdSchema,
  /** When it was committed. */
  at: z.string(),
  fileName: z.string(),
  added: countSchema,
  removed: countSchema,
});

/** The fields of a list in the overview (and the head of its detail): sizes, newest import, newest sync, Pinterest status. */
export const listSummaryShape = {
  id: listIdSchema,
  name: z.string(),
  /** Members per identifier kind (0 for kinds the list has none of). */
  members: listMemberCountsSchema,
  total: countSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastImport: lastImportSchema.nullable(),
  /** The newest sync run (any ad account, any outcome); null if never synced. */
  lastSync: lastSyncSchema.nullable(),
  /** Its Pinterest customer lists, one per ad account and kind (by ad account, in the order `sync.status` gives them), with their last known status; empty before the first sync. */
  pinterest: z.array(pinterestTargetStatusSchema),
  /**
   * Of `members`, how many per kind are on the suppression list now (people suppressed after they
   * were imported). They are never sent: a sync leaves them out and removes them from Pinterest.
   * Always 0 for the suppression list itself.
   */
  suppressed: listMemberCountsSchema,
  suppressedTotal: countSchema,
  /** What goes to Pinterest: `total − suppressedTotal`, the same number as the sync plan's `desired` summed over kinds and as an export's rows. */
  toPinterest: countSchema,
  /** The ad account last chosen for this list (remembered per list by `sync.start` and `lists.setAdAccount`); null: none yet. */
  adAccountId: z.string().nullable(),
};
export const listSummarySchema = z.strictObject(listSummaryShape);

/** One recorded import, as the history table shows it. */
export const importRecordSchema = z.strictObject({
  id: importIdSchema,
  mode: z.enum(['replace', 'add', 'remove']),
  fileName: z.string(),
  fileSize: countSchema,
  fileSha256: z.string(),
  rowsRead: countSchema,
  valid: countSchema,
  rejected: countSchema,
  duplicates: countSchema,
  suppressed: countSchema,
  added: countSchema,
  removed: countSchema,
  /** Of `removed`, members who were on the suppression list (replace: they were never sent anyway). */
  removedSuppressed: countSchema,
  /** Of `removed`, members who are not in the file and not suppressed (replace only; 0 for add and remove). */
  removedNotInFile: countSchema,
  rejectReasons: z.partialRecord(reasonSchema, countSchema),
  /** The extra file column kept beside each rejected row (e.g. a customer ID), by its name; null: none chosen. */
  rejectsExtraColumn: z.string().nullable(),
  /** The list's size per kind right after this import. */
  membersAfter: listMemberCountsSchema,
  /** Rejected rows still stored for this import (0 after a purge). */
  rejectsStored: countSchema,
  durationMs: countSchema,
  /** When it was committed. */
  at: z.string(),
  /** The column mapping and file format as the import pipeline recorded them (JSON). */
  mapping: z.unknown(),
  format: z.unknown(),
});

export const listDetailSchema = z.strictObject({
  ...listSummaryShape,
  /** Newest first. */
  imports: z.array(importRecordSchema),
  /** Rejected rows stored over all imports (what `lists.purgeRejects` would delete). */
  rejectsStored: countSchema,
});

export const rejectRowSchema = z.strictObject({
  importId: importIdSchema,
  /** Row number in the file as a spreadsheet shows it. */
  rowNumber: z.number().int(),
  column: z.string(),
  reason: reasonSchema,
  /** The reason in words (REJECT_REASON_LABEL), e.g. "More than 64 characters before the @". */
  reasonLabel: z.string(),
  rawValue: z.string(),
  /** The value of the import's extra column (`rejectsExtraColumn`) in that row; null when none was chosen. */
  extra: z.string().nullable(),
});

/** The import an event of a lookup's history comes from. */
const lookupImportShape = {
  importId: importIdSchema,
  fileName: z.string(),
  /** When the import was committed. */
  at: z.string(),
  mode: z.enum(['replace', 'add', 'remove']),
};

/** A row of the list's imports where the typed value (as written in the file, trimmed) was rejected. */
export const lookupRejectedRowSchema = z.strictObject({
  ...lookupImportShape,
  rowNumber: z.number().int(),
  column: z.string(),
  reason: reasonSchema,
  reasonLabel: z.string(),
});

/**
 * Why the person is (or is not) in the list, oldest first:
 * - added: import N made them a member;
 * - removed: import M took them out. `cause`: not_in_file (a replace whose file lacked them),
 *   suppressed (a replace while they were on the suppression list), in_remove_file (a remove import).
 */
export const lookupEventSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('added'), ...lookupImportShape }),
  z.strictObject({ event: z.literal('removed'), ...lookupImportShape, cause: z.enum(['not_in_file', 'suppressed', 'in_remove_file']) }),
]);

/** The suppression list's word on the person. `since`/`importId`/`fileName`: the suppression import that added them (null when unknown, e.g. before history was kept). */
export const lookupSuppressionSchema = z.strictObject({
  suppressed: z.boolean(),
  since: z.string().nullable(),
  importId: importIdSchema.nullable(),
  fileName: z.string().nullable(),
});

/**
 * The person on each Pinterest customer list the list syncs to (per ad account), by Pinlist's ledger:
 * synced (Pinterest has them and should), waiting_add (a member not sent yet: the next sync adds
 * them), waiting_remove (Pinterest has them but should not: the next sync removes them),
 * not_synced (not a member and not on Pinterest). `lastSyncAt`: the customer list's last sync.
 */
export const lookupPinterestSchema = z.strictObject({
  adAccountId: z.string(),
  customerListId: z.string().nullable(),
  state: z.enum(['synced', 'waiting_add', 'waiting_remove', 'not_synced']),
  lastSyncAt: z.string().nullable(),
});

export const lookupResultSchema = z.union([
  z.strictObject({
    /** What the value became after normalization (what gets hashed). */
    normalized: z.string(),
    /** SHA-256 hex of `normalized` (`normalized` itself when the value was already a SHA-256). */
    hash: z.string(),
    prehashed: z.boolean(),
    found: z.boolean(),
    /** Member and on the suppression list: not sent to Pinterest. */
    suppressed: z.boolean(),
    /** Added/removed by which imports, oldest first. */
    history: z.array(lookupEventSchema),
    /** False when some of the list's imports predate the history (made before this version): `history` may then miss the first events. */
    historyComplete: z.boolean(),
    /** Rows of the list's imports where this value, as typed, was rejected. */
    rejectedRows: z.array(lookupRejectedRowSchema),
    suppression: lookupSuppressionSchema,
    pinterest: z.array(lookupPinterestSchema),
  }),
  z.strictObject({
    rejected: reasonSchema,
    /** The reason in words. */
    reasonLabel: z.string(),
    /** Rows of the list's imports where this value, as typed, was rejected. */
    rejectedRows: z.array(lookupRejectedRowSchema),
  }),
]);

/** A CSV written into the data folder's `exports/`. */
export const exportFileSchema = z.strictObject({
  /**
   * Names the file for download: browser mode serves it at `GET /api/download/<fileId>` (same
   * cookie as the API). It is the file's name inside `exports/`.
   */
  fileId: z.string(),
  /** Absolute path on the machine running the core (the desktop app can show it in its folder). */
  path: z.string(),
  /** Data rows written (not counting a header line). */
  rows: countSchema,
  bytes: countSchema,
});

/** An Ads Manager export: the rows are the members minus the suppression list. */
export const hashesExportSchema = exportFileSchema.extend({
  /** Members of the kind left out because they are on the suppression list. */
  suppressedLeftOut: countSchema,
});

/** `importId` of the rejects channels: one import, `'latest'` (the list's newest import), or omitted for all imports. */
const rejectsImportSchema = z.union([importIdSchema, z.literal('latest')]);

export const suppressionSummarySchema = z.strictObject({
  /** The suppression list's id for `lists.members` / `lists.lookup` / `lists.rejects`; null before its first import. */
  listId: listIdSchema.nullable(),
  members: listMemberCountsSchema,
  total: countSchema,
  lastImport: lastImportSchema.nullable(),
  updatedAt: z.string().nullable(),
});

export const settingsPatchInputSchema = settingsPatchSchema;

/**
 * The command line only (`--out`): write the export straight to this absolute path instead of
 * exports/. The app and browser mode never name paths (they save through a dialog or a download).
 */
const exportDestinationSchema = z.string().min(1).max(4096);

export const listRequests = {
  'lists.list': request(
    'Every audience list (not the suppression list), by name: size per kind, total, the newest import, the newest sync run and the last known Pinterest status of its customer lists and audiences (as last read from Pinterest: `sync.status` with `refresh` reads again).',
    z.strictObject({}),
    z.array(listSummarySchema),
  ),
  'lists.get': request(
    'One list with its import history (newest first): counts, reject reasons, mode, file name/size/SHA-256, duration, when.',
    z.strictObject({ listId: listIdSchema }),
    listDetailSchema,
  ),
  'lists.members': request(
    `A page of the list’s member hashes of one kind, in stored (ascending hash) order, for a virtualized table. At most ${MAX_PAGE_ROWS} per page; past the end gives an empty page.`,
    z.strictObject({ listId: listIdSchema, kind: kindSchema, offset: offsetSchema, limit: limitSchema }),
    z.strictObject({ total: countSchema, offset: offsetSchema, hashes: z.array(z.string()) }),
  ),
  'lists.lookup': request(
    'Is this person in the list? Normalizes and SHA-256-hashes the typed email or ad ID in the core (offline) and looks the hash up. The typed value is never stored or logged. A value that is not valid for the kind returns `{rejected: reason}`.',
    z.strictObject({ listId: listIdSchema, kind: kindSchema, value: typedValueSchema }),
    lookupResultSchema,
  ),
  'lists.rejects': request(
    `A page of the list’s rejected rows with raw values (of one import, of the newest with \`importId: 'latest'\`, or of all when omitted, oldest import first), in row order. At most ${MAX_PAGE_ROWS} per page. \`importId\` in the answer: the import shown (null: all); \`extraColumn\`: that import's extra column name (null: none or all imports).`,
    z.strictObject({ listId: listIdSchema, importId: rejectsImportSchema.optional(), offset: offsetSchema, limit: limitSchema }),
    z.strictObject({ total: countSchema, rows: z.array(rejectRowSchema), importId: importIdSchema.nullable(), extraColumn: z.string().nullable() }),
  ),
  'lists.purgeRejects': request(
    'Deletes the stored rejected rows (and their raw values) of all the list’s imports. The import history and its counts stay.',
    z.strictObject({ listId: listIdSchema }),
    z.strictObject({ purged: countSchema }),
  ),
  'lists.exportRejects': request(
    'Writes the rejected rows (of one import, the newest with `importId: \'latest\'`, or all) to a CSV in the data folder’s exports/: header `import_id,row_number,column,reason,reason_label,raw_value` plus the extra column’s name when the import kept one, RFC 4180 quoting, and cells a spreadsheet would run as a formula neutralised with a leading apostrophe.',
    z.strictObject({ listId: listIdSchema, importId: rejectsImportSchema.optional(), out: exportDestinationSchema.optional() }),
    exportFileSchema,
  ),
  'lists.exportHashes': request(
    'Writes the list’s hashes of one kind to a CSV in the data folder’s exports/ in Ads Manager’s manual-upload format: one SHA-256 (lowercase hex) per line, a single column, no header line. Members on the suppression list are left out (an export is an upload by hand); `suppressedLeftOut` says how many.',
    z.strictObject({ listId: listIdSchema, kind: kindSchema, out: exportDestinationSchema.optional() }),
    hashesExportSchema,
  ),
  'lists.setAdAccount': request(
    'Remembers the ad account chosen for a list (the sync screen preselects it next time; `sync.start` remembers it too). `adAccountId: null` forgets it.',
    z.strictObject({ listId: listIdSchema, adAccountId: z.string().trim().regex(/^\d{1,32}$/, "Pinterest's numeric ID").nullable() }),
    z.strictObject({ listId: listIdSchema, adAccountId: z.string().nullable() }),
  ),
  'lists.rename': request(
    'Renames an audience list (names are unique, ignoring case). The suppression list cannot be renamed.',
    z.strictObject({ listId: listIdSchema, name: z.string().trim().min(1).max(200) }),
    listSummarySchema,
  ),
  'lists.delete': request(
    'Deletes an audience list from this computer for good: its members, import history, rejects and any kept plaintext. It cannot be undone, so the UI asks first, naming the list and its size. Nothing changes on Pinterest: a customer list already synced stays there. The suppression list cannot be deleted.',
    z.strictObject({ listId: listIdSchema }),
    z.strictObject({ deleted: z.boolean() }),
  ),
  'suppression.summary': request(
    'The global suppression list (opted-out people, never uploaded): size per kind, total and its newest import.',
    z.strictObject({}),
    suppressionSummarySchema,
  ),
  'suppression.remove': request(
    'Removes one person from the suppression list: normalizes and hashes the typed value like `lists.lookup`, and drops that hash (one transaction). `removed` is false when it was not on the list; a value not valid for the kind returns `{rejected: reason}`.',
    z.strictObject({ kind: kindSchema, value: typedValueSchema }),
    z.union([
      z.strictObject({ hash: z.string(), removed: z.boolean(), members: listMemberCountsSchema, total: countSchema }),
      z.strictObject({ rejected: reasonSchema }),
    ]),
  ),
  'settings.get': request('The preferences (defaults filled in).', z.strictObject({}), settingsSchema),
  'settings.update': request(
    'Changes the given preferences only and returns them all.',
    settingsPatchInputSchema,
    settingsSchema,
  ),
} as const;

export type ListSummary = z.infer<typeof listSummarySchema>;
export type ListDetail = z.infer<typeof listDetailSchema>;
export type ImportRecordView = z.infer<typeof importRecordSchema>;
export type LastImport = z.infer<typeof lastImportSchema>;
export type RejectRowView = z.infer<typeof rejectRowSchema>;
export type LookupResult = z.infer<typeof lookupResultSchema>;
export type ExportFile = z.infer<typeof exportFileSchema>;
export type SuppressionSummary = z.infer<typeof suppressionSummarySchema>;
export type ListMemberCounts = z.infer<typeof listMemberCountsSchema>;
export type HashesExport = z.infer<typeof hashesExportSchema>;
export type LookupEvent = z.infer<typeof lookupEventSchema>;
export type LookupRejectedRow = z.infer<typeof lookupRejectedRowSchema>;
export type LookupSuppression = z.infer<typeof lookupSuppressionSchema>;
export type LookupPinterest = z.infer<typeof lookupPinterestSchema>;
