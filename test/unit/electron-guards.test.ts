import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { MAX_PAYLOAD_BYTES } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { guardedOpenExternal, isAllowedExternalUrl, oauthOrigin } from '../../electron/main/external-links.js';
import { denyAllPermissions, hardenWebContents } from '../../electron/main/harden.js';
import { INVOKE_CHANNEL, isTrustedSender, originOf, registerIpc, type InvokeEventLike, type IpcMainLike } from '../../electron/main/ipc.js';
import type { Result } from '../../shared/contract/define.js';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { repoRoot } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

const registration = { appOrigin: 'app://pinlist', trustedWebContentsIds: () => new Set([7]) };
const event = (id: number, url: string, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } });

describe('IPC sender check', () => {
  it('accepts only the top frame of an app window showing the app', () => {
    expect(isTrustedSender(event(7, 'app://pinlist/index.html'), registration)).toBe(true);
    expect(isTrustedSender(event(8, 'app://pinlist/index.html'), registration)).toBe(false);
    expect(isTrustedSender(event(7, 'https://evil.example/'), registration)).toBe(false);
    expect(isTrustedSender(event(7, 'app://pinlist.evil/index.html'), registration)).toBe(false);
    expect(isTrustedSender(event(7, 'app://pinlist/index.html', {}), registration)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, registration)).toBe(false);
    expect(originOf('not a url')).toBeNull();
  });
});

describe('openExternal allowlist', () => {
  it('opens Pinterest and its help centre only', () => {
    expect(isAllowedExternalUrl('https://www.pinterest.com/business/')).toBe(true);
    expect(isAllowedExternalUrl('https://help.pinterest.com/en/article/audiences')).toBe(true);
    for (const url of [
      'http://www.pinterest.com/',
      'https://www.pinterest.com.evil.example/',
      'https://evil.example/?https://www.pinterest.com',
      'https://user:pw@www.pinterest.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('adds the configured OAuth server, https or loopback only', () => {
    expect(oauthOrigin('http://127.0.0.1:8990/oauth/')).toEqual(['http://127.0.0.1:8990']);
    expect(oauthOrigin('http://evil.example/oauth/')).toEqual([]);
    expect(isAllowedExternalUrl('http://127.0.0.1:8990/oauth/?x=1', oauthOrigin('http://127.0.0.1:8990/oauth/'))).toBe(true);
  });
});

describe('IPC entry point (registerIpc over a stand-in ipcMain: Electron cannot run here)', () => {
  const APP = 'app://pinlist';
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  /** The one listener registerIpc installs, called the way Electron would call it. */
  function setUp() {
    core = new Core({ dataDir: tempDir(), surface: 'electron' });
    const listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => void listeners.set(channel, listener),
      removeHandler: (channel) => void listeners.delete(channel),
    };
    const openExternal = vi.fn(async () => {});
    const unregister = registerIpc(ipcMain, {
      core,
      handlers,
      desktop: { pickFile: async () => null, showInFolder: () => {}, saveFileAs: async () => null, showItemInFolder: () => {}, openExternal },
      trustedWebContentsIds: () => new Set([7]),
      appOrigin: APP,
      broadcast: () => {},
    });
    const invoke = (event: InvokeEventLike, channel: unknown, input: unknown) =>
      listeners.get(INVOKE_CHANNEL)!(event, channel, input) as Promise<Result<unknown>>;
    return { core, invoke, unregister, listeners, openExternal };
  }
  const fromApp: InvokeEventLike = { sender: { id: 7 }, senderFrame: { url: `${APP}/index.html`, parent: null } };

  it('refuses a message from another webContents, a sub-frame or a foreign page, and changes nothing', async () => {
    const { core, invoke } = setUp();
    const before = core.settings.get();
    const strangers: InvokeEventLike[] = [
      { sender: { id: 8 }, senderFrame: { url: `${APP}/index.html`, parent: null } },
      { sender: { id: 7 }, senderFrame: { url: `${APP}/index.html`, parent: {} } },
      { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } },
      { sender: { id: 7 }, senderFrame: null },
    ];
    for (const event of strangers) {
      expect(await invoke(event, 'settings.update', { keepPlaintext: true, theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await invoke(event, 'auth.startOAuth', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(core.settings.get()).toEqual(before);
    // The same request from the app's own window goes through, so the refusals above are the guard's.
    expect(await invoke(fromApp, 'settings.update', { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('refuses an oversized or unserialisable payload before parsing it, and changes nothing', async () => {
    const { core, invoke } = setUp();
    const before = core.settings.get();
    const huge = { theme: 'dark', padding: 'x'.repeat(MAX_PAYLOAD_BYTES + 1) };
    const result = await invoke(fromApp, 'settings.update', huge);
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    if (!result.ok) expect(result.error.message).toMatch(/larger than 1000000 bytes/);
    const cyclic: Record<string, unknown> = { theme: 'dark' };
    cyclic.self = cyclic;
    expect(await invoke(fromApp, 'settings.update', cyclic)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(core.settings.get()).toEqual(before);
  });

  it('refuses prototype-pollution and schema-breaking payloads with a clear error, and changes nothing', async () => {
    const { core, invoke } = setUp();
    const before = core.settings.get();
    const payloads = [
      JSON.parse('{"theme":"dark","__proto__":{"keepPlaintext":true,"polluted":true}}'),
      JSON.parse('{"theme":"dark","constructor":{"prototype":{"polluted":true}}}'),
      { theme: 'dark', batchSize: '1000' },
      { keepPlaintext: 'yes' },
      [],
    ];
    for (const input of payloads) {
      const result = await invoke(fromApp, 'settings.update', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toContain('settings.update');
    }
    for (const channel of ['__proto__', 'constructor', 'hasOwnProperty', 'settings.update\u0000']) {
      expect(await invoke(fromApp, channel, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(core.settings.get()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).keepPlaintext).toBeUndefined();
  });

  it('removes its handler when unregistered', () => {
    const { unregister, listeners } = setUp();
    expect(listeners.has(INVOKE_CHANNEL)).toBe(true);
    unregister();
    expect(listeners.has(INVOKE_CHANNEL)).toBe(false);
  });
});

describe('web contents hardening (hardenWebContents over a stand-in WebContents)', () => {
  const APP = 'app://pinlist';

  class FakeContents extends EventEmitter {
    openHandler: ((details: { url: string }) => { action: string }) | undefined;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
      this.openHandler = handler;
    }
  }

  function harden() {
    const contents = new FakeContents();
    const shellOpen = vi.fn(async (_url: string) => {});
    const refused = vi.fn();
    // Wired the way electron-main wires it: the window-open handler hands URLs to the guarded opener.
    const openExternal = guardedOpenExternal(shellOpen, oauthOrigin('http://127.0.0.1:8990/oauth/'), refused);
    hardenWebContents(contents as unknown as WebContents, APP, (url) => void openExternal(url));
    const navigate = (name: string, url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { contents, shellOpen, refused, navigate };
  }

  it('blocks navigation and redirects to any other origin, and allows the app itself', () => {
    const { navigate } = harden();
    for (const name of ['will-navigate', 'will-redirect']) {
      expect(navigate(name, `${APP}/index.html#/lists`), name).toBe(false);
      for (const url of ['https://evil.example/', 'https://www.pinterest.com/', 'file:///etc/passwd', 'app://pinlist.evil/', 'http://127.0.0.1:8990/', 'javascript:alert(1)', 'not a url']) {
        expect(navigate(name, url), `${name} ${url}`).toBe(true);
      }
    }
  });

  it('refuses every webview', () => {
    const { navigate } = harden();
    expect(navigate('will-attach-webview', `${APP}/index.html`)).toBe(true);
  });

  it('denies every window.open, and sends only allowlisted URLs to the browser', async () => {
    const { contents, shellOpen, refused } = harden();
    const urls = ['https://help.pinterest.com/en/article/x', 'https://evil.example/', 'file:///etc/passwd', 'https://www.pinterest.com.evil.example/', `${APP}/index.html`, 'http://127.0.0.1:8990/oauth/?x=1'];
    for (const url of urls) expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shellOpen.mock.calls.map(([url]) => url)).toEqual(['https://help.pinterest.com/en/article/x', 'http://127.0.0.1:8990/oauth/?x=1']);
    expect(refused.mock.calls.map(([url]) => url)).toEqual(['https://evil.example/', 'file:///etc/passwd', 'https://www.pinterest.com.evil.example/', `${APP}/index.html`]);
  });

  it('denies every permission request and check', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => void (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => void (check = handler),
    };
    denyAllPermissions(session as unknown as Session);
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
  });
});

describe('content security policy', () => {
  it('is the same in renderer/index.html and in shared/csp.ts, with no inline script', () => {
    const html = fs.readFileSync(path.join(repoRoot, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
  });
});
