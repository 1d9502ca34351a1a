import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm install` builds better-sqlite3 for Node (CLI, tests, browser mode). `npm start` first runs
 * scripts/electron-native.mjs, which builds a second copy for Electron's ABI into .electron-native/;
 * the app then loads that copy through better-sqlite3's `nativeBinding` option. A packaged app has
 * its modules rebuilt for Electron by electron-builder and needs none of this.
 */
export function electronNativeBinding(appRoot: string, electronVersion: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const candidate = path.join(appRoot, '.electron-native', `${electronVersion}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
  return fs.existsSync(candidate) ? candidate : undefined;
}
