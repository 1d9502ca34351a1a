import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettingsFile, SettingsStore } from '../../electron/core/app/settings.js';
import { defaultSettings } from '../../shared/settings.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('settings', () => {
  it('defaults, persists to config.json in the data folder, and is shared between readers', () => {
    const dir = tempDir();
    const store = new SettingsStore(openSettingsFile(dir));
    expect(store.get()).toEqual(defaultSettings);
    expect(store.get().keepPlaintext).toBe(false);
    store.update({ batchSize: 500, theme: 'dark' });
    expect(store.path).toBe(path.join(dir, 'config.json'));
    expect(new SettingsStore(openSettingsFile(dir)).get()).toMatchObject({ batchSize: 500, theme: 'dark' });
  });

  it('refuses invalid updates and falls back to defaults for hand-broken values', () => {
    const dir = tempDir();
    const store = new SettingsStore(openSettingsFile(dir));
    expect(() => store.update({ batchSize: 0 })).toThrow();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ batchSize: 'lots', theme: 'dark' }));
    expect(new SettingsStore(openSettingsFile(dir)).get()).toMatchObject({ batchSize: defaultSettings.batchSize, theme: 'dark' });
  });
});
