import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * `npm install` builds better-sqlite3 for Node (CLI, tests, browser mode). `npm start` first runs
 * scripts/electron-native.mjs, which builds a second copy for Electron's ABI into
 * .electron-native/<electron>-<platform>-<arch>-better-sqlite3-<version>/ (the same path as
 * here); the app then loads that copy through better-sqlite3's `nativeBinding` option. A packaged
 * app has its modules rebuilt for Electron by electron-builder and needs none of this.
 */
export type ElectronNativeBinding = { binding: string } | { packaged: true } | { missing: string };

export function electronNativeBinding(
  appRoot: string,
  electronVersion: string,
  isPackaged: boolean,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ElectronNativeBinding {
  if (isPackaged) return { packaged: true };
  let sqliteVersion = 'unknown';
  try {
    const manifest = createRequire(path.join(appRoot, 'noop.js')).resolve('better-sqlite3/package.json');
    sqliteVersion = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    // Not installed: reported below as a missing binding, with what to run.
  }
  const candidate = path.join(appRoot, '.electron-native', `${electronVersion}-${platform}-${arch}-better-sqlite3-${sqliteVersion}`, 'better_sqlite3.node');
  if (fs.existsSync(candidate)) return { binding: candidate };
  return {
    missing:
      `The database module has not been prepared for Electron ${electronVersion} (expected ${candidate}). ` +
      'Start Pinlist with `npm start`, which prepares it once, or run `node scripts/electron-native.mjs` first.',
  };
}
