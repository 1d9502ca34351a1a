import { useCallback, useState } from 'react';
import type { PinlistClient } from '../../../shared/contract/client.js';
import type { ExportFile } from '../../../shared/contract/lists.js';
import { isPinlistError } from '../../../shared/errors.js';
import { downloadExportInBrowser } from '../api/download.js';
import { useToast } from '../ui/index.js';
import { errorMessage } from '../ui/Alert.js';
import { formatBytes, plural } from '../lib/format.js';
import { useServices } from './services.js';

type ShowToast = ReturnType<typeof useToast>;

/** An Ads Manager export leaves suppressed members out: say how many, so the row count is not a surprise. */
export function leftOutNote(file: ExportFile): string {
  const leftOut = (file as ExportFile & { suppressedLeftOut?: number }).suppressedLeftOut ?? 0;
  return leftOut > 0 ? ` ${plural(leftOut, 'member')} on the suppression list left out.` : '';
}

/** Desktop app: the save dialog for a written export, then "Show in folder"; a failed save can be retried. */
async function saveExportAs(client: PinlistClient, toast: ShowToast, label: string, file: ExportFile): Promise<void> {
  try {
    const result = await client.call('files.saveExport', { fileId: file.fileId });
    if (!result.saved) return; // cancelled: the user knows, and nothing was left behind
    toast({
      tone: 'success',
      title: `${label}: saved`,
      message: `${plural(file.rows, 'row')} saved to ${result.path}${leftOutNote(file) ? `.${leftOutNote(file)}` : ''}`,
      duration: 12_000,
      action: {
        label: 'Show in folder',
        onClick: () =>
          void client.call('files.showSavedExport', { path: result.path }).catch((error: unknown) => {
            toast({ tone: 'danger', title: 'Cannot show the file', message: errorMessage(error) });
          }),
      },
    });
  } catch (error) {
    // After a failed save the export is still in the data folder, so another folder can be tried.
    const retry = isPinlistError(error) && error.code === 'SAVE_FAILED';
    toast({
      tone: 'danger',
      title: `${label} not saved`,
      message: errorMessage(error),
      ...(retry ? { action: { label: 'Save again', onClick: () => void saveExportAs(client, toast, label, file) } } : {}),
    });
  }
}

/**
 * Runs an export channel and hands the file to the user: a download in browser mode; in the
 * desktop app the OS save dialog (the core moves the file where the user chose, or deletes it on
 * cancel), then an offer to show the saved file in its folder.
 */
export function useExport(): { run(label: string, write: () => Promise<ExportFile>): Promise<void>; busy: string | null } {
  const { client, surface } = useServices();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);

  const run = useCallback(
    async (label: string, write: () => Promise<ExportFile>) => {
      setBusy(label);
      try {
        let file: ExportFile;
        try {
          file = await write();
        } catch (error) {
          toast({ tone: 'danger', title: `${label} failed`, message: errorMessage(error) });
          return;
        }
        if (surface === 'browser') {
          downloadExportInBrowser(file);
          toast({ tone: 'success', title: `${label}: downloading`, message: `${plural(file.rows, 'row')}, ${formatBytes(file.bytes)} (${file.fileId}).${leftOutNote(file)}` });
        } else {
          await saveExportAs(client, toast, label, file);
        }
      } finally {
        setBusy(null);
      }
    },
    [client, surface, toast],
  );
  return { run, busy };
}
