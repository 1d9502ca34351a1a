import fs from 'node:fs';
import path from 'node:path';
import type { SaveDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSaveFileAs, defaultSaveFolder, saveDialogOptions } from '../../electron/main/save-dialog.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('the desktop save dialog', () => {
  it('opens in Downloads, else Documents, else home: the first folder that exists', () => {
    const home = tempDir();
    const documents = path.join(home, 'Documents');
    const downloads = path.join(home, 'Downloads');
    const folders = { downloads, documents, home };
    const getPath = (name: keyof typeof folders) => folders[name];
    expect(defaultSaveFolder(getPath)).toBe(home);
    fs.mkdirSync(documents);
    expect(defaultSaveFolder(getPath)).toBe(documents);
    fs.mkdirSync(downloads);
    expect(defaultSaveFolder(getPath)).toBe(downloads);
    // Electron throws for a folder the OS does not define.
    expect(
      defaultSaveFolder((name) => {
        if (name === 'downloads') throw new Error('Failed to get downloads path');
        return folders[name];
      }),
    ).toBe(documents);
  });

  it('suggests the export name in that folder, with a CSV filter first', () => {
    const options = saveDialogOptions('buyers-rejects-20250301-100000z-0a0b0c0d.csv', '/home/anna/Downloads');
    expect(options.defaultPath).toBe(path.join('/home/anna/Downloads', 'buyers-rejects-20250301-100000z-0a0b0c0d.csv'));
    expect(options.filters?.[0]).toEqual({ name: 'CSV files', extensions: ['csv'] });
    expect(options.properties).toContain('showOverwriteConfirmation');
    expect(saveDialogOptions('x.csv', undefined).defaultPath).toBe('x.csv');
  });

  it('gives the chosen path, null on cancel, and opens next time where the user last saved', async () => {
    const downloads = tempDir();
    const shown: SaveDialogOptions[] = [];
    const answers = [{ canceled: true, filePath: '' }, { canceled: false, filePath: '/mnt/reports/march.csv' }, { canceled: false, filePath: '/mnt/reports/april.csv' }, { canceled: false, filePath: '/mnt/reports/may' }];
    const saveFileAs = createSaveFileAs({
      getPath: () => downloads,
      focusedWindow: () => null,
      showSaveDialog: async (_window, options) => {
        shown.push(options);
        return answers.shift()!;
      },
    });
    expect(await saveFileAs('a.csv')).toBeNull();
    expect(await saveFileAs('b.csv')).toBe('/mnt/reports/march.csv');
    expect(await saveFileAs('c.csv')).toBe('/mnt/reports/april.csv');
    // A name typed without an extension gets .csv (Linux dialogs do not add it).
    expect(await saveFileAs('d.csv')).toBe('/mnt/reports/may.csv');
    expect(shown.map((options) => options.defaultPath)).toEqual([path.join(downloads, 'a.csv'), path.join(downloads, 'b.csv'), path.join('/mnt/reports', 'c.csv'), path.join('/mnt/reports', 'd.csv')]);
  });
});
