import { PinlistError } from '../../shared/errors.js';
import type { HandlerContext, HandlerSlice } from './types.js';

function desktopOnly(context: HandlerContext, what: string) {
  if (!context.desktop) {
    throw new PinlistError('FORBIDDEN', `${what} is only available in the desktop app. In browser mode, choose or drop the file in the page.`);
  }
  return context.desktop;
}

export const fileHandlers = {
  'files.pick': async (_input, context) => {
    const chosen = await desktopOnly(context, 'The file dialog').pickFile();
    if (!chosen) return null;
    const { fileId, name, size } = context.core.stagedFiles.registerPath(chosen);
    return { fileId, name, size };
  },
  'files.stagePath': ({ path }, context) => {
    desktopOnly(context, 'Opening a file by its path');
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
} satisfies HandlerSlice<'files.pick' | 'files.stagePath' | 'files.release' | 'files.showDataFolder'>;
