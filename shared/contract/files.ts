import * as z from 'zod';
import { request } from './define.js';

export const stagedFileSchema = z.strictObject({
  fileId: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
});

/** Where a saved export went; `saved: false` when the user cancelled the dialog (the export is then deleted). */
export const savedExportSchema = z.discriminatedUnion('saved', [
  z.strictObject({ saved: z.literal(true), path: z.string() }),
  z.strictObject({ saved: z.literal(false) }),
]);

export const fileRequests = {
  'files.pick': request(
    'Desktop app: opens the OS file dialog and stages the chosen spreadsheet (null when cancelled).',
    z.strictObject({}),
    stagedFileSchema.nullable(),
  ),
  'files.stagePath': request(
    'Desktop app: stages a file the user dropped, by its path on disk.',
    z.strictObject({ path: z.string().min(1).max(4096) }),
    stagedFileSchema,
  ),
  'files.release': request(
    'Forgets a staged file (and deletes an uploaded copy).',
    z.strictObject({ fileId: z.string() }),
    z.strictObject({ released: z.boolean() }),
  ),
  'files.showDataFolder': request(
    'Desktop app: opens the data folder in the file manager.',
    z.strictObject({}),
    z.strictObject({ shown: z.boolean() }),
  ),
  'files.saveExport': request(
    'Desktop app: shows the OS save dialog for an export just written into exports/ (by its fileId) and moves it to the chosen path. Cancelling deletes the export, so nothing is left behind.',
    z.strictObject({ fileId: z.string().min(1).max(255) }),
    savedExportSchema,
  ),
  'files.showSavedExport': request(
    'Desktop app: shows a file that files.saveExport saved (in this session) selected in the file manager.',
    z.strictObject({ path: z.string().min(1).max(4096) }),
    z.strictObject({ shown: z.boolean() }),
  ),
} as const;

export type SavedExport = z.infer<typeof savedExportSchema>;
export type StagedFileInfo = z.infer<typeof stagedFileSchema>;
