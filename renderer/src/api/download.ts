import type { ExportFile } from '../../../shared/contract/lists.js';

/**
 * Browser mode serves a file written to the data folder's exports/ at `/api/download/<fileId>`
 * (see `exportFileSchema` in shared/contract/lists.ts); the session cookie authorises it.
 */
export function downloadExportInBrowser(file: ExportFile): void {
  const link = document.createElement('a');
  link.href = `/api/download/${encodeURIComponent(file.fileId)}`;
  link.download = file.fileId;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
