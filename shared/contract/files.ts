import { z } from 'zod';
import { request } from './define.js';

export const stagedFileSchema = z.strictObject({
  fileId: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
});

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
} as const;

export type StagedFileInfo = z.infer<typeof stagedFileSchema>;
