import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../electron/core/paths.js';

describe('data folder', () => {
  it('matches Electron userData for an app named Pinlist on each OS', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/Pinlist');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/Pinlist');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/ana')).toBe('/home/ana/.config/Pinlist');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Pinlist');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\AppData\\Roaming\\Pinlist');
  });

  it('prefers --data-dir, then PINLIST_DATA_DIR', () => {
    expect(resolveDataDir('/a', { PINLIST_DATA_DIR: '/b' })).toBe('/a');
    expect(resolveDataDir(undefined, { PINLIST_DATA_DIR: '/b' })).toBe('/b');
    expect(resolveDataDir('rel', {})).toBe(path.resolve('rel'));
  });
});
