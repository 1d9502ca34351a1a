import * as z from 'zod';
import { request } from './define.js';

/** The database's health and its automatic backups (`pinlist db check`, `pinlist db restore`). */

export const backupFileSchema = z.strictObject({
  /** The file's name inside `<data>/backups/`; what `db.restore` takes. */
  name: z.string(),
  path: z.string(),
  /** When it was made, ISO 8601. */
  createdAt: z.string(),
  bytes: z.number().int().nonnegative(),
});

export const dbRequests = {
  'db.check': request(
    "Checks the database's integrity (PRAGMA quick_check, or integrity_check with `full`) and lists the automatic backups, newest first. A damaged or unreadable database is reported, not thrown.",
    z.strictObject({ full: z.boolean().optional() }),
    z.strictObject({
      databasePath: z.string(),
      ok: z.boolean(),
      /** What SQLite found (at most 20 lines); empty when ok. */
      problems: z.array(z.string()),
      backups: z.array(backupFileSchema),
    }),
  ),
  'db.restore': request(
    'Replaces the database with an automatic backup (the newest, or the one named) after checking the backup. The replaced database is kept beside it, renamed, never deleted. Refused while an import or sync runs.',
    z.strictObject({ backup: z.string().min(1).max(255).optional() }),
    z.strictObject({
      restoredFrom: backupFileSchema,
      /** Where the replaced database now is; null if there was none. */
      keptAs: z.string().nullable(),
      schemaVersion: z.number().int(),
    }),
  ),
} as const;

export type BackupFile = z.infer<typeof backupFileSchema>;
