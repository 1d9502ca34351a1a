import * as z from 'zod';
import { COLUMN_KINDS, IDENTIFIER_KINDS, REJECT_REASONS } from '../identifiers.js';
import { request } from './define.js';

/**
 * Importing a staged file (see `files.*`) into a list, and into the suppression list.
 *
 * Flow for the wizard: `import.preview` (fast, first rows only) → optionally `import.plan` (a job
 * that reads the whole file and reports what would change, writing nothing) → `import.start` (a
 * job; its result is an {@link ImportSummary}). Jobs report on `job.progress` / `job.finished`
 * and are cancelled with `jobs.cancel`; a cancelled or failed import leaves the list untouched.
 */

export const importModeSchema = z.enum(['replace', 'add', 'remove']);
export const suppressionModeSchema = z.enum(['add', 'replace', 'remove']);
export const columnKindSchema = z.enum(COLUMN_KINDS);
export const identifierKindSchema = z.enum(IDENTIFIER_KINDS);
export const rejectReasonSchema = z.enum(REJECT_REASONS);

/** `column`: a header name (case-insensitive) or a 1-based column number as text ("3"). */
export const mapOverrideSchema = z.strictObject({
  column: z.string().trim().min(1).max(500),
  kind: columnKindSchema,
});

export const columnMappingSchema = z.strictObject({
  /** 0-based position in the file. */
  index: z.number().int().nonnegative(),
  /** The header name, or "Column N" when the file has no header. */
  name: z.string(),
  kind: columnKindSchema,
  /** How the kind was decided: the header name, sampled values, or the user's override. */
  source: z.enum(['header', 'values', 'user']),
});

export const fileFormatSchema = z.strictObject({
  type: z.enum(['csv', 'xlsx']),
  /** e.g. 'utf-8', 'utf-16le', 'windows-1252'; null for xlsx. */
  encoding: z.string().nullable(),
  /** ',', ';', '\t', '|' for csv; null for xlsx. */
  delimiter: z.string().nullable(),
  /** The sheet read (xlsx). */
  sheet: z.string().nullable(),
  bom: z.boolean(),
  /** Whether the first row was taken as a header (false: Pinterest's single-column template). */
  hasHeader: z.boolean(),
});

const readOptionsShape = {
  /** Columns to map differently from detection. */
  overrides: z.array(mapOverrideSchema).max(1000).optional(),
  /** XLSX: sheet name; default: the first sheet with data. */
  sheet: z.string().min(1).max(500).optional(),
  /** Overrides encoding detection (e.g. 'windows-1252', 'utf-16le'). */
  encoding: z.string().min(1).max(50).optional(),
  /**
   * One more column of the file to keep beside each rejected row (e.g. a customer ID, so the row
   * can be found in the source system): a header name (case-insensitive) or a 1-based number as text.
   */
  rejectsExtraColumn: z.string().trim().min(1).max(500).optional(),
};

export const rejectCountsSchema = z.partialRecord(rejectReasonSchema, z.number().int().nonnegative());
export const memberCountsSchema = z.strictObject({
  email: z.number().int().nonnegative(),
  gaid: z.number().int().nonnegative(),
  idfa: z.number().int().nonnegative(),
});

export const previewCellSchema = z.strictObject({
  /** Column index (0-based), one cell per identifier column. */
  column: z.number().int().nonnegative(),
  raw: z.string(),
  /** Null when rejected. */
  normalized: z.string().nullable(),
  /** SHA-256 hex of the normalized value (the value itself when it was already hashed); null when rejected. */
  hash: z.string().nullable(),
  /**
   * 'duplicate': repeats a value of the same kind seen earlier in the previewed rows.
   * 'skipped': an empty cell in a row whose other identifier column has a value (not counted).
   */
  status: z.enum(['valid', 'duplicate', 'rejected', 'skipped']),
  reason: rejectReasonSchema.nullable(),
  /** The value was a 64-hex SHA-256 already (pre-hashed email). */
  prehashed: z.boolean(),
});

export const previewRowSchema = z.strictObject({
  /** Row number as a spreadsheet shows it (the header is row 1). */
  rowNumber: z.number().int().positive(),
  /** One cell per identifier column, in column order; empty for a ragged row. */
  cells: z.array(previewCellSchema),
  /**
   * 'ragged_row' when the row's field count differs from the header's, blank fields at its end
   * not counted (then `cells` is empty).
   */
  rowReason: rejectReasonSchema.nullable(),
  /** The row's raw fields, for showing the whole row (all columns, not only identifiers). */
  fields: z.array(z.string()),
});

export const importPreviewSchema = z.strictObject({
  format: fileFormatSchema,
  columns: z.array(columnMappingSchema),
  rows: z.array(previewRowSchema),
  /** Things the user should know, e.g. "no identifier column was recognised: map one". */
  warnings: z.array(z.string()),
  /** XLSX: the workbook's sheet names (when known), for a sheet picker. */
  sheets: z.array(z.string()).optional(),
  /** Whether the file has rows beyond the ones previewed. */
  truncated: z.boolean(),
  fileSize: z.number().int().nonnegative(),
});

/**
 * An import's outcome: the object `pinlist import --json` prints, plus `listId` (the CLI names lists by name).
 *
 * Counting: with one identifier column, every data row is exactly one of valid (first time its
 * value is seen), duplicate (repeats an earlier value) or rejected, so rowsRead = valid +
 * duplicates + rejected. With several identifier columns (email + gaid + idfa) the counts are per
 * value: each filled identifier cell is valid, duplicate (per kind) or rejected; an empty cell next
 * to a filled one is skipped; a row with no value at all, or a ragged row, is one reject.
 * `rejected` always equals the sum of `rejectReasons`.
 */
/** The counts an import reports, and a plan predicts, in the same words. */
const importCountsShape = {
  rowsRead: z.number().int().nonnegative(),
  valid: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  suppressed: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /**
   * The two causes of `removed`, named apart (a replace's warning): members on the suppression
   * list (never sent anyway) and members not in the file (and not suppressed). replace only: 0
   * for add and remove.
   */
  removedSuppressed: z.number().int().nonnegative(),
  removedNotInFile: z.number().int().nonnegative(),
};

/**
 * A list that an import into the suppression list touched: how many of its members (per kind)
 * it newly suppressed, and how many of those Pinterest holds now (the next sync removes them).
 */
export const affectedListSchema = z.strictObject({
  listId: z.number().int().positive(),
  name: z.string(),
  suppressed: memberCountsSchema,
  total: z.number().int().nonnegative(),
  /** Of `total`, how many are on the list's Pinterest customer lists now, by the ledger (any ad account). */
  onPinterest: z.number().int().nonnegative(),
});

export const importSummarySchema = z.strictObject({
  list: z.string(),
  /** The id of the list the import wrote (for `lists.*` and links); null for the suppression list (see `suppression.summary`). */
  listId: z.number().int().positive().nullable(),
  importId: z.number().int(),
  ...importCountsShape,
  /** The list's size per kind after the import. */
  members: memberCountsSchema,
  rejectReasons: rejectCountsSchema,
  /** Suppression imports (add/replace) only: the audience lists with members this import newly suppressed, by name. Absent for audience imports. */
  affectedLists: z.array(affectedListSchema).optional(),
});

/** What an import would do (the result of an `import.plan` job). Nothing is written. */
export const importPlanSchema = z.strictObject({
  list: z.string(),
  /** False when the list does not exist yet (the import would create it). */
  listExists: z.boolean(),
  mode: importModeSchema,
  ...importCountsShape,
  /** The list's size per kind now and after such an import. */
  membersBefore: memberCountsSchema,
  membersAfter: memberCountsSchema,
  rejectReasons: rejectCountsSchema,
  columns: z.array(columnMappingSchema),
  format: fileFormatSchema,
});

const listNameSchema = z.string().trim().min(1).max(200);
const jobStartedSchema = z.strictObject({ jobId: z.string() });

export const importRequests = {
  'import.preview': request(
    'Reads only the first rows of a staged file (default 200) and shows the detected columns and, per identifier cell, the raw value, normalized value, hash and status. Fast even for huge files; writes nothing.',
    z.strictObject({
      fileId: z.string(),
      rows: z.number().int().min(1).max(5000).optional(),
      ...readOptionsShape,
    }),
    importPreviewSchema,
  ),
  'import.plan': request(
    'LONG: starts a job (kind "import-plan") that reads the whole file and works out what an import would change (added, removed, suppressed, rejected), writing nothing. The job result is an ImportPlan (`importPlanSchema`). Cancel with `jobs.cancel`.',
    z.strictObject({
      fileId: z.string(),
      listName: listNameSchema,
      mode: importModeSchema.optional(),
      ...readOptionsShape,
    }),
    jobStartedSchema,
  ),
  'import.start': request(
    'Starts importing a staged file into a list (created on first import) as a job (kind "import"). replace (default): the list becomes the file’s valid members; add: union; remove: subtract. The job result is an ImportSummary (`importSummarySchema`). `jobs.cancel` leaves the list exactly as before.',
    z.strictObject({
      fileId: z.string(),
      listName: listNameSchema,
      mode: importModeSchema.optional(),
      ...readOptionsShape,
    }),
    jobStartedSchema,
  ),
  'suppression.start': request(
    'Starts importing a staged file into the global suppression list as a job (kind "suppress"). add (default), replace or remove. The job result is an ImportSummary whose `list` is the suppression list.',
    z.strictObject({
      fileId: z.string(),
      mode: suppressionModeSchema.optional(),
      ...readOptionsShape,
    }),
    jobStartedSchema,
  ),
} as const;

export type ImportMode = z.infer<typeof importModeSchema>;
export type MapOverrideInput = z.infer<typeof mapOverrideSchema>;
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type PreviewRow = z.infer<typeof previewRowSchema>;
export type PreviewCell = z.infer<typeof previewCellSchema>;
export type ImportSummary = z.infer<typeof importSummarySchema>;
export type ImportPlan = z.infer<typeof importPlanSchema>;
export type ImportFileFormat = z.infer<typeof fileFormatSchema>;
export type AffectedList = z.infer<typeof affectedListSchema>;
