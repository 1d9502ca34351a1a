import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dataDirArgument } from '../../electron/main/argv.js';
import { electronNativeBinding } from '../../electron/main/native-binding.js';
import { repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

/**
 * electron/main/electron-main.ts run against a stand-in `electron` module (there is no Electron
 * binary here): what the real main process wires up at start-up, checked from the outside.
 */
interface FakeWindow {
  options: { webPreferences: Record<string, unknown> };
  url?: string;
  webContents: { id: number; send: ReturnType<typeof vi.fn> };
}

const electron = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EventEmitter: Emitter } = require('node:events') as { EventEmitter: typeof EventEmitter };
  const state = {
    isPackaged: true,
    gotLock: true,
    ready: undefined as undefined | (() => void),
    windows: [] as FakeWindow[],
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    protocolHandler: undefined as undefined | ((request: { url: string }) => unknown),
    permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    calls: [] as string[],
  };
  const app = Object.assign(new Emitter(), {
    setPath: (name: string, value: string) => state.calls.push(`setPath ${name} ${value}`),
    getPath: () => '/nowhere',
    requestSingleInstanceLock: () => state.gotLock,
    quit: () => state.calls.push('quit'),
    exit: (code: number) => state.calls.push(`exit ${code}`),
    whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
  });
  Object.defineProperty(app, 'isPackaged', { get: () => state.isPackaged });
  let nextId = 1;
  class BrowserWindow extends Emitter {
    static getFocusedWindow = () => null;
    readonly webContents = { id: nextId++, send: () => {} };
    url: string | undefined;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      state.windows.push(this as unknown as FakeWindow);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    show() {}
  }
  return {
    state,
    module: {
      app,
      BrowserWindow,
      nativeTheme: { shouldUseDarkColors: false },
      dialog: { showErrorBox: (title: string, message: string) => state.calls.push(`errorBox ${title}: ${message}`), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) },
      ipcMain: {
        handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => Promise<unknown>) => state.ipc.set(channel, listener),
        removeHandler: (channel: string) => state.ipc.delete(channel),
      },
      net: { fetch: async (url: string) => ({ fetched: url }) },
      protocol: {
        registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => state.calls.push(`privileged ${schemes.map((s) => s.scheme).join(',')}`),
        handle: (_scheme: string, handler: (request: { url: string }) => unknown) => (state.protocolHandler = handler),
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (handler: typeof state.permissionRequest) => (state.permissionRequest = handler),
          setPermissionCheckHandler: (handler: typeof state.permissionCheck) => (state.permissionCheck = handler),
        },
      },
      shell: { openExternal: async () => {}, openPath: async () => '', showItemInFolder: () => {} },
    },
  };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));
// electron-store needs a real Electron; the app only uses what Conf (which it is built on) offers.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf<Record<string, unknown>> {
      constructor(options: { cwd: string; name: string }) {
        super({ cwd: options.cwd, configName: options.name, projectName: 'pinlist', clearInvalidConfig: false });
      }
    },
  };
});

const tempDir = useTempDirs();
const mainDir = path.join(repoRoot, 'electron', 'main');
const rendererDir = path.resolve(mainDir, '..', 'renderer');
const originalArgv = process.argv;

async function startMain(dataDir: string, options: { isPackaged?: boolean; gotLock?: boolean } = {}) {
  Object.assign(electron.state, { isPackaged: options.isPackaged ?? true, gotLock: options.gotLock ?? true, ready: undefined, windows: [], calls: [] });
  electron.state.ipc.clear();
  electron.module.app.removeAllListeners();
  process.argv = [...originalArgv.slice(0, 2), '.', '--data-dir', dataDir];
  vi.resetModules();
  await import('../../electron/main/electron-main.js');
}

async function quit() {
  const preventDefault = vi.fn();
  electron.module.app.emit('will-quit', { preventDefault });
  await vi.waitFor(() => expect(electron.state.calls).toContain('quit'));
}

describe('electron-main over a stand-in Electron', () => {
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => {}));
  afterEach(() => {
    process.argv = originalArgv;
    vi.restoreAllMocks();
  });

  it('opens one hardened window on the app origin, with IPC that answers only that window', async () => {
    const dataDir = path.join(tempDir(), 'data dir');
    await startMain(dataDir);
    const { state } = electron;
    expect(state.calls).toContain(`setPath userData ${dataDir}`);
    expect(state.calls).toContain('privileged app');
    expect(electron.module.app.listenerCount('web-contents-created')).toBe(1);
    expect(state.windows).toHaveLength(0); // nothing before ready
    state.ready!();
    await vi.waitFor(() => expect(state.windows).toHaveLength(1));

    const [window] = state.windows as [FakeWindow];
    expect(window.url).toBe('app://pinlist/index.html');
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(window.options.webPreferences.preload).toBe(path.join(mainDir, 'preload.cjs'));
    expect(fs.existsSync(path.join(dataDir, 'pinlist.db'))).toBe(true);

    // Every permission is denied on the default session.
    const granted = vi.fn();
    state.permissionRequest!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(state.permissionCheck!()).toBe(false);

    // The one IPC entry point: the app's window is answered, anyone else is refused.
    const invoke = state.ipc.get('pinlist:invoke')!;
    const frame = { url: 'app://pinlist/index.html', parent: null };
    expect(await invoke({ sender: { id: window.webContents.id }, senderFrame: frame }, 'app.ping', { message: 'hi' })).toMatchObject({ ok: true, value: { message: 'hi' } });
    expect(await invoke({ sender: { id: window.webContents.id + 100 }, senderFrame: frame }, 'app.ping', { message: 'hi' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke({ sender: { id: window.webContents.id }, senderFrame: frame }, 'app.ping', { message: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // Every web contents the app creates is hardened: no navigation off the app origin.
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.module.app.emit('web-contents-created', {}, contents);
    const navigation = { preventDefault: vi.fn() };
    contents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(contents.setWindowOpenHandler.mock.calls[0]![0]({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    await quit();
  });

  it('serves the renderer from its folder only, whatever the path', async () => {
    await startMain(tempDir());
    electron.state.ready!();
    await vi.waitFor(() => expect(electron.state.protocolHandler).toBeDefined());
    const served = async (url: string) => fileURLToPath(((await electron.state.protocolHandler!({ url })) as { fetched: string }).fetched);
    expect(await served('app://pinlist/assets/index-abc.js')).toBe(path.join(rendererDir, 'assets', 'index-abc.js'));
    expect(await served('app://pinlist/lists/3')).toBe(path.join(rendererDir, 'index.html'));
    // Encoded slashes decode to a path that climbs out: refused, the app's page is served instead.
    expect(await served('app://pinlist/..%2F..%2Fpackage.json')).toBe(path.join(rendererDir, 'index.html'));
    expect(await served('app://pinlist/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd')).toBe(path.join(rendererDir, 'index.html'));
    for (const url of ['app://pinlist/../../package.json', 'app://pinlist/%2e%2e/%2e%2e/package.json', 'app://pinlist/a/..%2F..%2Fb.js', 'app://pinlist/%5C..%5C..%5Cx.js']) {
      expect((await served(url)).startsWith(rendererDir + path.sep), url).toBe(true);
    }
    await quit();
  });

  it('a second instance quits before it opens the database or a window', async () => {
    const dataDir = path.join(tempDir(), 'second');
    await startMain(dataDir, { gotLock: false });
    expect(electron.state.calls).toContain('quit');
    expect(electron.state.ready).toBeUndefined();
    expect(electron.state.calls.some((call) => call.startsWith('privileged'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'pinlist.db'))).toBe(false);
  });

  it('run from the sources without the Electron build of better-sqlite3, says what to run and exits', async () => {
    const dataDir = path.join(tempDir(), 'unprepared');
    await startMain(dataDir, { isPackaged: false });
    const box = electron.state.calls.find((call) => call.startsWith('errorBox'));
    expect(box).toMatch(/not been prepared for Electron.*npm start/);
    expect(electron.state.calls).toContain('exit 1');
    expect(electron.state.ready).toBeUndefined();
    expect(electron.state.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(dataDir, 'pinlist.db'))).toBe(false);
  });
});

describe('app command line', () => {
  it('takes --data-dir DIR and --data-dir=DIR, like the CLI', () => {
    expect(dataDirArgument(['electron', '.', '--data-dir', '/a b'])).toBe('/a b');
    expect(dataDirArgument(['electron', '.', '--data-dir=/c'])).toBe('/c');
    expect(dataDirArgument(['electron', '.', '--data-dir'])).toBeUndefined();
    expect(dataDirArgument(['electron', '.', '--data-dir', '--inspect'])).toBeUndefined();
    expect(dataDirArgument(['electron', '.'])).toBeUndefined();
  });
});

describe('Electron build of better-sqlite3 (native-binding.ts)', () => {
  it('is found per Electron version, platform, arch and better-sqlite3 version; a packaged app needs none', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'node_modules', 'better-sqlite3'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '1.2.3' }));
    expect(electronNativeBinding(root, '41.0.0', true)).toEqual({ packaged: true });
    expect(electronNativeBinding(root, '41.0.0', false, 'linux', 'x64')).toMatchObject({ missing: expect.stringMatching(/Electron 41\.0\.0/) });
    const folder = path.join(root, '.electron-native', '41.0.0-linux-x64-better-sqlite3-1.2.3');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'better_sqlite3.node'), '');
    expect(electronNativeBinding(root, '41.0.0', false, 'linux', 'x64')).toEqual({ binding: path.join(folder, 'better_sqlite3.node') });
    // After an upgrade of better-sqlite3, the old build is not used.
    fs.writeFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '1.2.4' }));
    expect(electronNativeBinding(root, '41.0.0', false, 'linux', 'x64')).toHaveProperty('missing');
  });
});
