import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { exportsDir } from '../../electron/core/export/files.js';
import { moveFile } from '../../electron/core/export/move.js';
import { dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import type { DesktopCapabilities } from '../../electron/core/handler-types.js';
import type { OutputOf, RequestName } from '../../shared/contract/index.js';
import { hostileRejects, memberHashes, seedImport } from '../helpers/list-data.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/**
 * The desktop shell's capabilities as the handler sees them. Electron cannot run here (no binary),
 * so this stands in for its save dialog and file manager: the dialog "answers" the path the test
 * gives, and what the handler asked of it is recorded.
 */
class FakeDesktop implements DesktopCapabilities {
  readonly suggestedNames: string[] = [];
  readonly revealed: string[] = [];
  constructor(public answer: string | null) {}
  pickFile = async (): Promise<string | null> => null;
  showInFolder = (): void => {};
  openExternal = async (): Promise<void> => {};
  saveFileAs = async (defaultName: string): Promise<string | null> => {
    this.suggestedNames.push(defaultName);
    return this.answer;
  };
  showItemInFolder = (filePath: string): void => void this.revealed.push(filePath);
}

function open(): Core {
  const core = new Core({ dataDir: tempDir(), surface: 'electron' });
  cores.push(core);
  return core;
}

async function call<K extends RequestName>(core: Core, desktop: DesktopCapabilities | undefined, channel: K, input: unknown): Promise<OutputOf<K>> {
  const result = await dispatch(handlers, channel, input, { core, ...(desktop ? { desktop } : {}) });
  if (!result.ok) throw Object.assign(new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`), { code: result.error.code });
  return result.value as OutputOf<K>;
}

async function failure(core: Core, desktop: DesktopCapabilities | undefined, channel: RequestName, input: unknown): Promise<{ code: string; message: string }> {
  const result = await dispatch(handlers, channel, input, { core, ...(desktop ? { desktop } : {}) });
  if (result.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return result.error;
}

/** A real export of rejected rows, written by the real channel into exports/. */
async function writeExport(core: Core) {
  const { listId } = seedImport(core.db, 'Spring buyers', { members: { email: memberHashes(3, 1) }, rejects: hostileRejects(12) });
  const file = await call(core, undefined, 'lists.exportRejects', { listId });
  return { file, bytes: fs.readFileSync(file.path) };
}

const exportsIn = (core: Core) => fs.readdirSync(exportsDir(core.dataDir));

describe('files.saveExport', () => {
  it('moves the export to the path chosen in the save dialog, then shows that file (and only that one) in its folder', async () => {
    const core = open();
    const { file, bytes } = await writeExport(core);
    const chosen = path.join(tempDir(), 'my rejects.csv');
    const desktop = new FakeDesktop(chosen);

    expect(await call(core, desktop, 'files.saveExport', { fileId: file.fileId })).toEqual({ saved: true, path: chosen });
    expect(desktop.suggestedNames).toEqual([file.fileId.replace(/-[0-9a-f]{8}\.csv$/, '.csv')]);
    expect(desktop.suggestedNames[0]).toMatch(/^[a-z0-9-]+-\d{8}-\d{6}z\.csv$/);
    expect(fs.readFileSync(chosen)).toEqual(bytes);
    expect(exportsIn(core)).toEqual([]);

    expect(await call(core, desktop, 'files.showSavedExport', { path: chosen })).toEqual({ shown: true });
    expect(desktop.revealed).toEqual([chosen]);
    const elsewhere = await failure(core, desktop, 'files.showSavedExport', { path: core.databasePath });
    expect(elsewhere.code).toBe('FORBIDDEN');
    expect(desktop.revealed).toEqual([chosen]);

    // Saved once: the export is gone from exports/, so a second save says so instead of saving nothing.
    expect((await failure(core, desktop, 'files.saveExport', { fileId: file.fileId })).code).toBe('NOT_FOUND');
  });

  it('replaces a file the user chose to overwrite', async () => {
    const core = open();
    const { file, bytes } = await writeExport(core);
    const chosen = path.join(tempDir(), 'existing.csv');
    fs.writeFileSync(chosen, 'old contents that must go');
    expect(await call(core, new FakeDesktop(chosen), 'files.saveExport', { fileId: file.fileId })).toEqual({ saved: true, path: chosen });
    expect(fs.readFileSync(chosen)).toEqual(bytes);
  });

  it('deletes the export when the dialog is cancelled, leaving nothing in exports/', async () => {
    const core = open();
    const { file } = await writeExport(core);
    expect(exportsIn(core)).toEqual([file.fileId]);
    const desktop = new FakeDesktop(null);
    expect(await call(core, desktop, 'files.saveExport', { fileId: file.fileId })).toEqual({ saved: false });
    expect(desktop.suggestedNames).toEqual([file.fileId.replace(/-[0-9a-f]{8}\.csv$/, '.csv')]);
    expect(desktop.suggestedNames[0]).toMatch(/^[a-z0-9-]+-\d{8}-\d{6}z\.csv$/);
    expect(exportsIn(core)).toEqual([]);
  });

  it('keeps the export when the chosen folder cannot be written, so the user can save again elsewhere', async () => {
    const core = open();
    const { file, bytes } = await writeExport(core);
    const desktop = new FakeDesktop(path.join(tempDir(), 'no such folder', 'rejects.csv'));
    const refused = await failure(core, desktop, 'files.saveExport', { fileId: file.fileId });
    expect(refused.code).toBe('SAVE_FAILED');
    expect(refused.message).toContain('no such folder');
    expect(exportsIn(core)).toEqual([file.fileId]);

    desktop.answer = path.join(tempDir(), 'rejects.csv');
    expect(await call(core, desktop, 'files.saveExport', { fileId: file.fileId })).toEqual({ saved: true, path: desktop.answer });
    expect(fs.readFileSync(desktop.answer)).toEqual(bytes);
  });

  it('refuses ids that are not a plain export name, without opening the dialog or touching any file', async () => {
    const core = open();
    const { file } = await writeExport(core);
    // Files a traversal would reach: the database next to exports/, and a CSV outside the data folder.
    const outsideDir = tempDir();
    const outside = path.join(outsideDir, 'outside.csv');
    fs.writeFileSync(outside, 'secret');
    const desktop = new FakeDesktop(path.join(tempDir(), 'stolen.csv'));
    const hostile = [
      '../pinlist.db',
      `../../${path.basename(outsideDir)}/outside.csv`,
      `..%2F..%2F${path.basename(outsideDir)}%2Foutside.csv`,
      outside,
      `${file.fileId}/../../pinlist.db`,
      `a..b.csv`,
      `./${file.fileId}`,
      `${file.fileId}\0.csv`,
      'exports/' + file.fileId,
      'C:\\Windows\\win.ini',
      file.fileId.toUpperCase(),
    ];
    for (const fileId of hostile) {
      const refused = await failure(core, desktop, 'files.saveExport', { fileId });
      expect(['INVALID_INPUT', 'NOT_FOUND'], fileId).toContain(refused.code);
    }
    expect((await failure(core, desktop, 'files.saveExport', { fileId: '' })).code).toBe('INVALID_INPUT');
    expect(desktop.suggestedNames).toEqual([]);
    expect(fs.existsSync(path.join(tempDir(), 'stolen.csv'))).toBe(false);
    expect(fs.readFileSync(outside, 'utf8')).toBe('secret');
    expect(fs.existsSync(core.databasePath)).toBe(true);
    expect(exportsIn(core)).toEqual([file.fileId]);
  });

  it('is refused without desktop capabilities (browser mode, CLI), and the export stays for its download', async () => {
    const core = open();
    const { file } = await writeExport(core);
    const refused = await failure(core, undefined, 'files.saveExport', { fileId: file.fileId });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/only available in the desktop app.*downloads through the browser/);
    expect(exportsIn(core)).toEqual([file.fileId]);
    expect((await failure(core, undefined, 'files.showSavedExport', { path: file.path })).code).toBe('FORBIDDEN');
  });
});

describe('moveFile', () => {
  const shm = '/dev/shm';
  const otherVolume = fs.existsSync(shm) && fs.statSync(shm).dev !== fs.statSync(os.tmpdir()).dev;

  it.runIf(otherVolume)('moves a file to another volume by copying it whole, then removes the source', async () => {
    const source = path.join(tempDir(), 'export.csv');
    fs.writeFileSync(source, 'a,b\r\n1,2\r\n');
    const target = fs.mkdtempSync(path.join(shm, 'pinlist-test-'));
    try {
      const destination = path.join(target, 'saved.csv');
      fs.writeFileSync(destination, 'older file');
      await moveFile(source, destination);
      expect(fs.readFileSync(destination, 'utf8')).toBe('a,b\r\n1,2\r\n');
      expect(fs.existsSync(source)).toBe(false);
      expect(fs.readdirSync(target)).toEqual(['saved.csv']);
    } finally {
      fs.rmSync(target, { recursive: true, force: true });
    }
  });
});
