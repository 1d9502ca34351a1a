import fs from 'node:fs';
import path from 'node:path';
import { PinlistError } from '../../../shared/errors.js';
import type { Core, CoreService } from '../core.js';
import { isExportFileId, resolveExportFile, suggestedExportName } from '../export/files.js';
import { moveFile } from '../export/move.js';
import type { HandlerContext, HandlerSlice } from '../handler-types.js';

const PICK_IN_PAGE = 'In browser mode, choose or drop the file in the page.';
const EXPORTS_ELSEWHERE = 'In browser mode the export downloads through the browser; on the command line, pass --out.';

function desktopOnly(context: HandlerContext, what: string, instead: string) {
  if (!context.desktop) {
    throw new PinlistError('FORBIDDEN', `${what} is only available in the desktop app. ${instead}`);
  }
  return context.desktop;
}

/**
 * The files files.saveExport put where the user chose, per core. files.showSavedExport reveals
 * only these, so the channel cannot be used to probe or point at arbitrary paths.
 */
const savedExports: CoreService<Set<string>> = { name: 'the saved exports', open: () => new Set() };

function savedPaths(core: Core): Set<string> {
  return core.service(savedExports);
}

export const fileHandlers = {
  'files.pick': async (_input, context) => {
    const chosen = await desktopOnly(context, 'The file dialog', PICK_IN_PAGE).pickFile();
    if (!chosen) return null;
    const { fileId, name, size } = context.core.stagedFiles.registerPath(chosen);
    return { fileId, name, size };
  },
  'files.stagePath': ({ path }, context) => {
    // The desktop app (a dropped file) and the CLI (a file argument) run as the user on this machine; a browser page does not.
    if (context.core.surface !== 'cli') desktopOnly(context, 'Opening a file by its path', PICK_IN_PAGE);
    const { fileId, name, size } = context.core.stagedFiles.registerPath(path);
    return { fileId, name, size };
  },
  'files.release': ({ fileId }, { core }) => {
    const known = core.stagedFiles.has(fileId);
    core.stagedFiles.release(fileId);
    return { released: known };
  },
  'files.showDataFolder': (_input, context) => {
    if (!context.desktop) return { shown: false };
    context.desktop.showInFolder(context.core.dataDir);
    return { shown: true };
  },
  'files.saveExport': async ({ fileId }, context) => {
    const desktop = desktopOnly(context, 'Saving an export with the save dialog', EXPORTS_ELSEWHERE);
    if (!isExportFileId(fileId)) {
      throw new PinlistError('INVALID_INPUT', `"${fileId.slice(0, 80)}" is not the name of an export. Export again and save the file that export gives.`);
    }
    const source = resolveExportFile(context.core.dataDir, fileId);
    if (!source) {
      throw new PinlistError('NOT_FOUND', `The export ${fileId} is no longer in the data folder (already saved, cancelled or cleaned up). Export again.`);
    }
    const chosen = await desktop.saveFileAs(suggestedExportName(fileId));
    if (chosen === null) {
      await fs.promises.rm(source, { force: true });
      return { saved: false as const };
    }
    if (!path.isAbsolute(chosen)) {
      throw new PinlistError('SAVE_FAILED', `The save dialog gave a relative path (${chosen}). Save again and pick a folder.`);
    }
    try {
      await moveFile(source, chosen);
    } catch (error) {
      throw new PinlistError('SAVE_FAILED', `Could not save ${chosen}: ${(error as Error).message}. Save again and choose a folder you can write to.`);
    }
    savedPaths(context.core).add(chosen);
    return { saved: true as const, path: chosen };
  },
  'files.showSavedExport': ({ path: filePath }, context) => {
    const desktop = desktopOnly(context, 'Showing a saved file in its folder', 'In browser mode, open your browser’s downloads instead.');
    if (!savedPaths(context.core).has(filePath)) {
      throw new PinlistError('FORBIDDEN', `Pinlist did not save ${filePath} in this session, so it will not show it. Open its folder in your file manager.`);
    }
    if (!fs.existsSync(filePath)) {
      throw new PinlistError('NOT_FOUND', `${filePath} is no longer there (moved or deleted). Look for it in your file manager, or export again.`);
    }
    desktop.showItemInFolder(filePath);
    return { shown: true };
  },
} satisfies HandlerSlice<'files.pick' | 'files.stagePath' | 'files.release' | 'files.showDataFolder' | 'files.saveExport' | 'files.showSavedExport'>;
