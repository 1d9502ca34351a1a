import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { resolveExportFile } from '../core/export/files.js';

export const DOWNLOAD_PREFIX = '/api/download/';

/**
 * Serves a file from the data folder's exports/ by its id (see `lists.exportRejects` /
 * `lists.exportHashes`), as an attachment. The caller has already checked the session cookie,
 * Host and Origin. Returns false when there is no such export (the caller answers 404).
 */
export async function serveExport(
  dataDir: string,
  fileId: string,
  response: ServerResponse,
  headers: Record<string, string>,
  headOnly: boolean,
): Promise<boolean> {
  const file = resolveExportFile(dataDir, fileId);
  if (!file) return false;
  const { size } = fs.statSync(file);
  response.writeHead(200, {
    ...headers,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Length': String(size),
    // The id is plain ASCII by construction (see newExportTarget), so no filename* encoding is needed.
    'Content-Disposition': `attachment; filename="${fileId}"`,
  });
  if (headOnly) {
    response.end();
    return true;
  }
  await pipeline(fs.createReadStream(file), response);
  return true;
}
