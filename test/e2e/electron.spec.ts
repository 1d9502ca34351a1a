import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { repoRoot } from './serve.js';

/** Where Xvfb lives, when it does: the test then gives Electron a virtual display of its own. */
function xvfbPath(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/**
 * The Electron binary path, or why the test cannot run here: said plainly, because a skipped
 * launch test must not pass for a tested app (CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
function electronBinary(): { path: string } | { reason: string } {
  let binary: string;
  try {
    binary = createRequire(import.meta.url)('electron') as unknown as string;
  } catch (error) {
    return { reason: `the electron package does not load (${(error as Error).message.split('\n')[0]})` };
  }
  if (!fs.existsSync(binary)) return { reason: `no Electron binary at ${binary} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?)` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !xvfbPath()) {
    return { reason: 'no display and no Xvfb to make one (install xvfb, or run under xvfb-run)' };
  }
  return { path: binary };
}

const found = electronBinary();
if ('reason' in found) console.warn(`Electron launch test SKIPPED, the desktop app was not launched: ${found.reason}.`);

/** A private X display (Xvfb -displayfd) when there is none, so the test runs headless on Linux CI. */
async function virtualDisplay(): Promise<{ display: string; stop(): void } | null> {
  const xvfb = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY ? xvfbPath() : null;
  if (!xvfb) return null;
  const child: ChildProcess = spawn(xvfb, ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display`)));
  });
  return { display, stop: () => child.kill() };
}

test.describe('desktop app', () => {
  test.skip('reason' in found, 'reason' in found ? found.reason : '');

  // What `npm start` does before it launches (prestart): the Electron build of better-sqlite3.
  test.beforeAll(() => {
    const prepared = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'electron-native.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    expect(prepared.status, `scripts/electron-native.mjs failed:\n${prepared.stdout}${prepared.stderr}`).toBe(0);
  });

  test('launches hardened, shows the shell, and answers through IPC', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-electron-'));
    const xvfb = await virtualDisplay();
    const env = { ...process.env, ...(xvfb ? { DISPLAY: xvfb.display } : {}) } as Record<string, string>;
    const app = await electron.launch({ args: [repoRoot, `--data-dir=${dataDir}`], cwd: repoRoot, env });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('navigation', { name: 'Main' })).toBeVisible();
      await expect(window.getByText(dataDir).first()).toBeVisible();
      const isolated = await window.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined' && typeof (globalThis as { process?: unknown }).process === 'undefined');
      expect(isolated).toBe(true);
      const ping = await window.evaluate(() => (window as unknown as { pinlist: { invoke(c: string, i: unknown): Promise<unknown> } }).pinlist.invoke('app.ping', { message: 'ipc' }));
      expect(ping).toMatchObject({ ok: true, value: { message: 'ipc' } });
      const invalid = await window.evaluate(() => (window as unknown as { pinlist: { invoke(c: string, i: unknown): Promise<unknown> } }).pinlist.invoke('app.ping', { message: 1 }));
      expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      const opened = await window.evaluate(() => globalThis.open('https://evil.example/') === null);
      expect(opened).toBe(true);
    } finally {
      await app.close();
      xvfb?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
