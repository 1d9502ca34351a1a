import { useCallback, useState } from 'react';
import type { ExportFile } from '../../../shared/contract/lists.js';
import { downloadExportInBrowser } from '../api/download.js';
import { useToast } from '../ui/index.js';
import { errorMessage } from '../ui/Alert.js';
import { formatBytes, plural } from '../lib/format.js';
import { useServices } from './services.js';

/**
 * Runs an export channel and hands the file to the user: a download in browser mode; in the
 * desktop app the file is already on disk, so we say where and offer to open the folder.
 */
export function useExport(): { run(label: string, write: () => Promise<ExportFile>): Promise<void>; busy: string | null } {
  const { client, surface } = useServices();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);

  const run = useCallback(
    async (label: string, write: () => Promise<ExportFile>) => {
      setBusy(label);
      try {
        const file = await write();
        if (surface === 'browser') {
          downloadExportInBrowser(file);
          toast({ tone: 'success', title: `${label}: downloading`, message: `${plural(file.rows, 'row')}, ${formatBytes(file.bytes)} (${file.fileId}).` });
        } else {
          toast({
            tone: 'success',
            title: `${label}: saved`,
            message: `${plural(file.rows, 'row')} written to ${file.path}`,
            duration: 12_000,
            action: { label: 'Show data folder', onClick: () => void client.call('files.showDataFolder', {}) },
          });
        }
      } catch (error) {
        toast({ tone: 'danger', title: `${label} failed`, message: errorMessage(error) });
      } finally {
        setBusy(null);
      }
    },
    [client, surface, toast],
  );
  return { run, busy };
}
