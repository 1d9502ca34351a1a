import { app, Menu, Notification, Tray, nativeImage } from 'electron';
import type { Alert } from '../../shared/contract/automation.js';
import { alertTitle } from '../core/automation/alerts.js';
import { automationContextFor, AutomationScheduler } from '../core/automation/index.js';
import type { SchedulerOptions } from '../core/automation/scheduler.js';
import type { Core } from '../core/core.js';

/**
 * The desktop side of automation, in one place: the scheduler that runs due automations while the
 * app is open, the tray (Windows, Linux) or menu bar (macOS) icon that keeps it running with the
 * window closed, starting at login (hidden), and OS notifications for alerts that open the list.
 */

/** Started by the OS at login: open no window, only the tray icon. */
export const HIDDEN_ARG = '--hidden';

export interface DesktopAutomationOptions {
  core: Core;
  /** Shows (or re-creates) the main window. */
  showWindow(): void;
  /** Shows the main window on a list. */
  openList(listId: number): void;
  /** Quits the app for real (the tray's Quit). */
  quit(): void;
  iconPath?: string;
  platform?: NodeJS.Platform;
  scheduler?: SchedulerOptions;
  /** How often the tray and login settings are checked for a change. */
  settingsPollMs?: number;
}

export interface DesktopAutomation {
  /** Whether closing the last window keeps the app running (the keepRunningInTray setting). */
  keepsRunning(): boolean;
  /** Applies the openAtLogin and keepRunningInTray settings again (after they changed). */
  applySettings(): void;
  stop(): Promise<void>;
}

/** Whether this launch should stay hidden: the login item starts the app with --hidden (macOS also tells). */
export function startedHidden(argv: readonly string[]): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  try {
    return process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAsHidden === true;
  } catch {
    return false;
  }
}

/** Each OS's words: a menu bar on macOS, a tray elsewhere; "Quit" on macOS and Linux, "Exit" on Windows. */
export function trayWords(platform: NodeJS.Platform): { open: string; runNow: string; quit: string; tooltip: string } {
  return {
    open: 'Open Pinlist',
    runNow: 'Run Due Automations Now',
    quit: platform === 'win32' ? 'Exit Pinlist' : 'Quit Pinlist',
    tooltip: platform === 'darwin' ? 'Pinlist: automations run while it is in the menu bar' : 'Pinlist: automations run while it is in the tray',
  };
}

export function startDesktopAutomation(options: DesktopAutomationOptions): DesktopAutomation {
  const { core } = options;
  const platform = options.platform ?? process.platform;
  const scheduler = new AutomationScheduler(automationContextFor(core), {
    onError: (error) => console.error('pinlist: automation:', error),
    ...options.scheduler,
  });
  scheduler.start();

  const unsubscribe = core.events.subscribe((name, payload) => {
    if (name === 'alerts.raised') notify(payload as Alert);
  });

  function notify(alert: Alert): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: `${alertTitle(alert.kind)}${alert.list ? `: ${alert.list}` : ''}`, body: alert.message });
    notification.on('click', () => {
      if (alert.listId !== null) options.openList(alert.listId);
      else options.showWindow();
    });
    notification.show();
  }

  let tray: Tray | null = null;
  function applyTray(): void {
    const wanted = core.settings.get().keepRunningInTray;
    if (!wanted) {
      tray?.destroy();
      tray = null;
      return;
    }
    if (tray) return;
    const words = trayWords(platform);
    const icon = options.iconPath ? nativeImage.createFromPath(options.iconPath) : nativeImage.createEmpty();
    if (platform === 'darwin') icon.setTemplateImage(true);
    tray = new Tray(icon);
    tray.setToolTip(words.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: words.open, click: () => options.showWindow() },
        { label: words.runNow, click: () => void scheduler.tick() },
        { type: 'separator' },
        { label: words.quit, click: () => options.quit() },
      ]),
    );
    // Windows and Linux open the app on a click of the icon; macOS shows the menu.
    if (platform !== 'darwin') tray.on('click', () => options.showWindow());
  }

  function applyLoginItem(): void {
    const openAtLogin = core.settings.get().openAtLogin;
    // macOS: openAsHidden; Windows: the args; Linux has no login items in Electron (autostart is the packager's).
    if (platform === 'linux') return;
    app.setLoginItemSettings({ openAtLogin, openAsHidden: true, args: [HIDDEN_ARG] });
  }

  let applied = '';
  const applySettings = (): void => {
    const { keepRunningInTray, openAtLogin } = core.settings.get();
    applied = `${keepRunningInTray}|${openAtLogin}`;
    // A desktop without a tray (some Linux sessions) or login items still runs automations while open.
    for (const apply of [applyTray, applyLoginItem]) {
      try {
        apply();
      } catch (error) {
        console.error('pinlist: automation:', (error as Error).message);
      }
    }
  };
  applySettings();
  // The settings change in the Settings screen (or `pinlist settings set`): follow them.
  const follow = setInterval(() => {
    try {
      const { keepRunningInTray, openAtLogin } = core.settings.get();
      if (`${keepRunningInTray}|${openAtLogin}` !== applied) applySettings();
    } catch {
      // The settings file is being written; the next check reads it.
    }
  }, options.settingsPollMs ?? 5_000);
  follow.unref();

  return {
    keepsRunning: () => core.settings.get().keepRunningInTray,
    applySettings,
    async stop() {
      clearInterval(follow);
      unsubscribe();
      tray?.destroy();
      tray = null;
      await scheduler.stop();
    },
  };
}
