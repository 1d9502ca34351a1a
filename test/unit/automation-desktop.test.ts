import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { raiseAlert } from '../../electron/core/automation/alerts.js';
import { automationContextFor } from '../../electron/core/automation/index.js';
import { Core } from '../../electron/core/core.js';
import { createList } from '../../electron/core/store/index.js';
import { HIDDEN_ARG, startDesktopAutomation, startedHidden, trayWords, type DesktopAutomation } from '../../electron/main/automation-desktop.js';
import { useTempDirs } from '../helpers/temp.js';

/** The desktop automation module over a stand-in `electron` (there is no Electron binary here). */

const electron = vi.hoisted(() => {
  type Handler = () => void;
  const state = {
    trays: [] as { tooltip: string; menu: { label?: string; type?: string; click?: Handler }[]; handlers: Map<string, Handler>; destroyed: boolean }[],
    notifications: [] as { title: string; body: string; shown: boolean; click?: Handler }[],
    loginItem: null as null | { openAtLogin: boolean; openAsHidden: boolean; args: string[] },
    notificationsSupported: true,
  };
  class Tray {
    record = { tooltip: '', menu: [] as { label?: string; type?: string; click?: Handler }[], handlers: new Map<string, Handler>(), destroyed: false };
    constructor(readonly icon: unknown) {
      state.trays.push(this.record);
    }
    setToolTip(text: string) {
      this.record.tooltip = text;
    }
    setContextMenu(menu: { label?: string; click?: Handler }[]) {
      this.record.menu = menu;
    }
    on(event: string, handler: Handler) {
      this.record.handlers.set(event, handler);
    }
    destroy() {
      this.record.destroyed = true;
    }
  }
  class Notification {
    static isSupported = () => state.notificationsSupported;
    record: { title: string; body: string; shown: boolean; click?: Handler };
    constructor(options: { title: string; body: string }) {
      this.record = { ...options, shown: false };
      state.notifications.push(this.record);
    }
    on(event: string, handler: Handler) {
      if (event === 'click') this.record.click = handler;
    }
    show() {
      this.record.shown = true;
    }
  }
  const module = {
    app: {
      setLoginItemSettings: (settings: typeof state.loginItem) => (state.loginItem = settings),
      getLoginItemSettings: () => ({ wasOpenedAsHidden: false }),
    },
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown[]) => template },
    nativeImage: { createEmpty: () => ({ setTemplateImage: () => {} }), createFromPath: () => ({ setTemplateImage: () => {} }) },
  };
  return { state, module };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const tempDir = useTempDirs();
let core: Core;
let desktop: DesktopAutomation | undefined;

beforeEach(() => {
  Object.assign(electron.state, { trays: [], notifications: [], loginItem: null, notificationsSupported: true });
  core = new Core({ dataDir: tempDir(), surface: 'electron' });
});

afterEach(async () => {
  await desktop?.stop();
  desktop = undefined;
  await core.close();
});

function start(platform: NodeJS.Platform) {
  const calls: string[] = [];
  desktop = startDesktopAutomation({
    core,
    platform,
    showWindow: () => calls.push('show'),
    openList: (listId) => calls.push(`open ${listId}`),
    quit: () => calls.push('quit'),
    scheduler: { intervalMs: 3_600_000 },
    settingsPollMs: 10,
  });
  return calls;
}

describe('desktop automation', () => {
  it('keeps a tray icon whose menu opens the app, runs due automations and quits, in the words of the OS', async () => {
    const calls = start('win32');
    const [tray] = electron.state.trays;
    expect(tray?.tooltip).toMatch(/in the tray/);
    expect(tray!.menu.map((item) => item.label ?? item.type)).toEqual(['Open Pinlist', 'Run Due Automations Now', 'separator', 'Exit Pinlist']);
    tray!.menu[0]!.click!();
    tray!.handlers.get('click')!();
    tray!.menu[3]!.click!();
    expect(calls).toEqual(['show', 'show', 'quit']);
    expect(trayWords('darwin')).toMatchObject({ quit: 'Quit Pinlist', tooltip: expect.stringMatching(/menu bar/) });
    expect(desktop!.keepsRunning()).toBe(true);

    // The setting turned off (in Settings, or by the CLI): the tray goes, and closing the window quits.
    core.settings.update({ keepRunningInTray: false });
    await vi.waitFor(() => expect(tray!.destroyed).toBe(true));
    expect(desktop!.keepsRunning()).toBe(false);
  });

  it('registers the login item (started hidden) as the setting says; Linux has none', () => {
    start('darwin');
    expect(electron.state.loginItem).toEqual({ openAtLogin: false, openAsHidden: true, args: [HIDDEN_ARG] });
    core.settings.update({ openAtLogin: true });
    desktop!.applySettings();
    expect(electron.state.loginItem).toEqual({ openAtLogin: true, openAsHidden: true, args: [HIDDEN_ARG] });
    expect(startedHidden(['electron', '.', HIDDEN_ARG])).toBe(true);
    expect(startedHidden(['electron', '.'])).toBe(false);
  });

  it('shows an OS notification for a new alert; clicking it opens the list', async () => {
    const calls = start('linux');
    expect(electron.state.loginItem).toBeNull();
    const list = createList(core.db, 'Spring sale');
    const context = automationContextFor(core);
    raiseAlert(context, list.id, list.name, 'held', 'The email list would lose 300 of the 400 members.', { outcome: 'held' });
    // The same problem again refreshes the alert without a second notification.
    raiseAlert(context, list.id, list.name, 'held', 'The email list would lose 301 of the 400 members.', { outcome: 'held' });
    raiseAlert(context, null, null, 'connection-expiring', 'The Pinterest connection expires on 2026-03-06.', { outcome: 'ok' });
    expect(electron.state.notifications.map((n) => [n.title, n.shown])).toEqual([
      ['Sync held by the shrink guard: Spring sale', true],
      ['Pinterest connection expiring', true],
    ]);
    electron.state.notifications[0]!.click!();
    electron.state.notifications[1]!.click!();
    expect(calls).toEqual([`open ${list.id}`, 'show']);
  });
});
