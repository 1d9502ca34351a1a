import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, SaveDialogOptions, SaveDialogReturnValue } from 'electron';

type FolderName = 'downloads' | 'documents' | 'home';

/** The parts of Electron the save dialog uses (app.getPath, dialog.showSaveDialog, the focused window). */
export interface SaveDialogHost {
  getPath(name: FolderName): string;
  focusedWindow(): BrowserWindow | null;
  showSaveDialog(window: BrowserWindow | null, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
}

/** Where a save dialog opens first: Downloads, else Documents, else home; the first one that exists. */
export function defaultSaveFolder(getPath: (name: FolderName) => string): string | undefined {
  for (const name of ['downloads', 'documents', 'home'] as const) {
    try {
      const folder = getPath(name);
      if (fs.statSync(folder).isDirectory()) return folder;
    } catch {
      // Electron throws for a folder the OS does not define; try the next one
    }
  }
  return undefined;
}

export function saveDialogOptions(defaultName: string, folder: string | undefined): SaveDialogOptions {
  const name = path.basename(defaultName);
  return {
    title: 'Save export',
    defaultPath: folder ? path.join(folder, name) : name,
    buttonLabel: 'Save',
    filters: [
      { name: 'CSV files', extensions: ['csv'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

/**
 * `DesktopCapabilities.saveFileAs`: the OS save dialog, attached to the focused window (so it is
 * modal to it). It opens in the folder the user last saved to in this session, or Downloads.
 */
export function createSaveFileAs(host: SaveDialogHost): (defaultName: string) => Promise<string | null> {
  let lastFolder: string | undefined;
  return async (defaultName) => {
    const options = saveDialogOptions(defaultName, lastFolder ?? defaultSaveFolder((name) => host.getPath(name)));
    const result = await host.showSaveDialog(host.focusedWindow(), options);
    if (result.canceled || !result.filePath) return null;
    lastFolder = path.dirname(result.filePath);
    // Linux dialogs keep a name typed without an extension as it is; a spreadsheet app needs it.
    return path.extname(result.filePath) ? result.filePath : `${result.filePath}.csv`;
  };
}
