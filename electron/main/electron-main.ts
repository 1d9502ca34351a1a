import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import Store from 'electron-store';
import { Core } from '../core/core.js';
import { startAudienceReadings } from '../core/audiences/background.js';
import { resolveDataDir } from '../core/paths.js';
import { SETTINGS_FILE_NAME } from '../core/paths.js';
import { handlers } from '../core/handlers.js';
import type { DesktopCapabilities } from '../core/handler-types.js';
import { guardedOpenExternal, oauthOrigin } from './external-links.js';
import { denyAllPermissions, hardenApp } from './harden.js';
import { registerIpc } from './ipc.js';
import { dataDirArgument } from './argv.js';
import { electronNativeBinding } from './native-binding.js';
import { createSaveFileAs } from './save-dialog.js';
import { createMainWindow } from './window.js';
import { startDesktopAutomation, startedHidden, type DesktopAutomation } from './automation-desktop.js';

const APP_SCHEME = 'app';
const APP_ORIGIN = `${APP_SCHEME}://pinlist`;
const mainDir = path.dirname(fileURLToPath(import.meta.url)); // dist/main
const appRoot = path.resolve(mainDir, '..', '..');
const rendererDir = path.resolve(mainDir, '..', 'renderer');

// The same data folder as the CLI: --data-dir, then PINLIST_DATA_DIR, then the OS default.
const dataDir = resolveDataDir(dataDirArgument(process.argv));
app.setPath('userData', dataDir);

const openExternal = guardedOpenExternal((url) => shell.openExternal(url), oauthOrigin(process.env.PINTEREST_OAUTH_URL));

let core: Core | undefined;
let stopAudienceReadings: (() => void) | undefined;
const windows = new Set<BrowserWindow>();
let desktopAutomation: DesktopAutomation | undefined;

const native = electronNativeBinding(appRoot, process.versions.electron ?? '', app.isPackaged);
if ('missing' in native) {
  // Without it the database would fail later with an ABI error that says nothing useful.
  console.error(`error[NATIVE_MODULE_MISSING]: ${native.missing}`);
  dialog.showErrorBox('Pinlist could not start', native.missing);
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // Another Pinlist is running: it shows its window (second-instance) and this one ends here,
  // before it opens the database or a window of its own.
  app.quit();
} else {
  if ('binding' in native) process.env.PINLIST_SQLITE_BINDING = native.binding;
  start();
}

function start(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  hardenApp(app, APP_ORIGIN, (url) => void openExternal(url));
  app.whenReady().then(onReady).catch((error: unknown) => {
    dialog.showErrorBox('Pinlist could not start', (error as Error).message);
    app.quit();
  });
  app.on('second-instance', () => {
    const [first] = windows;
    if (first) {
      if (first.isMinimized()) first.restore();
      first.focus();
    }
  });
  app.on('window-all-closed', () => {
    // With automations kept running in the tray / menu bar, closing the window does not quit.
    if (desktopAutomation?.keepsRunning()) return;
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (!core || closing) return;
    // Let running imports and syncs reach a safe point before the database closes.
    closing = true;
    event.preventDefault();
    stopAudienceReadings?.();
    const open = core;
    void (desktopAutomation?.stop() ?? Promise.resolve()).finally(() => void open.close().finally(() => app.quit()));
  });
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, (request) => {
    const { pathname } = new URL(request.url);
    const target = path.resolve(rendererDir, `.${decodeURIComponent(pathname)}`);
    const inside = target.startsWith(rendererDir + path.sep);
    const file = inside && path.extname(target) ? target : path.join(rendererDir, 'index.html');
    return net.fetch(pathToFileURL(file).toString());
  });
}

function openWindow(): void {
  const window = createMainWindow(path.join(mainDir, 'preload.cjs'), `${APP_ORIGIN}/index.html`);
  windows.add(window);
  window.on('closed', () => windows.delete(window));
}

/** Shows the main window (re-created if it was closed to the tray). */
function showWindow(): BrowserWindow | undefined {
  const [first] = windows;
  if (!first) {
    openWindow();
    return [...windows][0];
  }
  if (first.isMinimized()) first.restore();
  first.show();
  first.focus();
  return first;
}

function onReady(): void {
  denyAllPermissions(session.defaultSession);
  serveRenderer();
  const settingsFile = new Store<Record<string, unknown>>({ cwd: dataDir, name: SETTINGS_FILE_NAME, clearInvalidConfig: false });
  core = new Core({ dataDir, surface: 'electron', settingsFile });
  // Pinterest sizes audiences over 24 to 48 hours: read them on a schedule after each sync.
  stopAudienceReadings = startAudienceReadings(core);
  const desktop: DesktopCapabilities = {
    async pickFile() {
      const focused = BrowserWindow.getFocusedWindow();
      const options = {
        title: 'Choose a customer file',
        properties: ['openFile' as const],
        filters: [
          { name: 'Spreadsheets', extensions: ['csv', 'tsv', 'txt', 'xlsx'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = focused ? await dialog.showOpenDialog(focused, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    showInFolder: (filePath) => void shell.openPath(filePath),
    saveFileAs: createSaveFileAs({
      getPath: (name) => app.getPath(name),
      focusedWindow: () => BrowserWindow.getFocusedWindow(),
      showSaveDialog: (window, options) => (window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options)),
    }),
    showItemInFolder: (filePath) => shell.showItemInFolder(filePath),
    openExternal,
  };
  registerIpc(ipcMain, {
    core,
    handlers,
    desktop,
    appOrigin: APP_ORIGIN,
    trustedWebContentsIds: () => new Set([...windows].map((window) => window.webContents.id)),
    broadcast: (channel, payload) => {
      for (const window of windows) if (!window.isDestroyed()) window.webContents.send(channel, payload);
    },
  });
  desktopAutomation = startDesktopAutomation({
    core,
    showWindow: () => void showWindow(),
    // Hash routing: the same page goes to the list without a reload.
    openList: (listId) => void showWindow()?.loadURL(`${APP_ORIGIN}/index.html#/lists/${listId}`),
    quit: () => app.quit(),
  });
  // Started at login: only the tray icon, no window.
  if (!startedHidden(process.argv)) openWindow();
  app.on('activate', () => {
    if (windows.size === 0) openWindow();
  });
}
