import { z } from 'zod';
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
  rejectReasons: z.partialRecord(reasonSchema, countSchema),
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
  rawValue: z.string(),
});

export const lookupResultSchema = z.union([
  z.strictObject({
    /** What the value became after normalization (what gets hashed). */
    normalized: z.string(),
    /** SHA-256 hex of `normalized` (`normalized` itself when the value was already a SHA-256). */
    hash: z.string(),
    prehashed: z.boolean(),
    found: z.boolean(),
  }),
  z.strictObject({ rejected: reasonSchema }),
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

export const suppressionSummarySchema = z.strictObject({
  /** The suppression list's id for `lists.members` / `lists.lookup` / `lists.rejects`; null before its first import. */
  listId: listIdSchema.nullable(),
  members: listMemberCountsSchema,
  total: countSchema,
  lastImport: lastImportSchema.nullable(),
  updatedAt: z.string().nullable(),
});

export const settingsPatchInputSchema = settingsPatchSchema;

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
    `A page of the list’s rejected rows with raw values (of one import, or of all, oldest import first), in row order. At most ${MAX_PAGE_ROWS} per page.`,
    z.strictObject({ listId: listIdSchema, importId: importIdSchema.optional(), offset: offsetSchema, limit: limitSchema }),
    z.strictObject({ total: countSchema, rows: z.array(rejectRowSchema) }),
  ),
  'lists.purgeRejects': request(
    'Deletes the stored rejected rows (and their raw values) of all the list’s imports. The import history and its counts stay.',
    z.strictObject({ listId: listIdSchema }),
    z.strictObject({ purged: countSchema }),
  ),
  'lists.exportRejects': request(
    'Writes the rejected rows (of one import, or all) to a CSV in the data folder’s exports/: header `import_id,row_number,column,reason,raw_value`, RFC 4180 quoting, and cells a spreadsheet would run as a formula neutralised with a leading apostrophe.',
    z.strictObject({ listId: listIdSchema, importId: importIdSchema.optional() }),
    exportFileSchema,
  ),
  'lists.exportHashes': request(
    'Writes the list’s hashes of one kind to a CSV in the data folder’s exports/ in Ads Manager’s manual-upload format: one SHA-256 (lowercase hex) per line, a single column, no header line.',
    z.strictObject({ listId: listIdSchema, kind: kindSchema }),
    exportFileSchema,
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
