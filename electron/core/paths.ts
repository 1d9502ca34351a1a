import os from 'node:os';
import path from 'node:path';

export const APP_FOLDER_NAME = 'Pinlist';

/**
 * The per-user app data folder, computed exactly as Electron computes `app.getPath('userData')`
 * for an app named "Pinlist", so the CLI, browser mode and the desktop app share one folder.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  }
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, APP_FOLDER_NAME);
}

/** `--data-dir` wins, then `PINLIST_DATA_DIR`, then the OS default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.PINLIST_DATA_DIR;
  return chosen ? path.resolve(chosen) : defaultDataDir(process.platform, env);
}

export const DATABASE_FILE = 'pinlist.db';
export const SETTINGS_FILE_NAME = 'config';
