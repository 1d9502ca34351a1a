import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

// Kept in step with electron/main/ipc.ts (a sandboxed preload cannot import the main bundle).
const INVOKE_CHANNEL = 'pinlist:invoke';
const EVENT_CHANNEL = 'pinlist:event';

/**
 * The only bridge between the page and the main process: one typed invoke and one event stream.
 * The raw ipcRenderer is never exposed; the main process validates everything again.
 */
contextBridge.exposeInMainWorld('pinlist', {
  invoke: (channel: string, input: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
  subscribe: (listener: (name: string, payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, message: { name: string; payload: unknown }) => listener(message.name, message.payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
