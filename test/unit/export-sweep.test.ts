import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core.js';
import { EXPORT_MAX_AGE_MS, exportsDir, newExportTarget, sweepOldExports } from '../../electron/core/export/files.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();
const HOUR = 60 * 60 * 1000;

/** Writes a file in exports/ last modified `ageMs` ago. */
function exportAged(dataDir: string, name: string, ageMs: number): string {
  const dir = exportsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, 'x');
  const when = new Date(Date.now() - ageMs);
  fs.utimesSync(file, when, when);
  return file;
}

const names = (dataDir: string) => fs.readdirSync(exportsDir(dataDir)).sort();

describe('sweepOldExports', () => {
  it('deletes exports and crashed .partial writes older than a day; keeps newer ones and files that are not exports', () => {
    const dataDir = tempDir();
    exportAged(dataDir, 'buyers-rejects-20250101-000000z-0a0b0c0d.csv', 25 * HOUR);
    exportAged(dataDir, 'buyers-email-hashes-20250101-000000z-01020304.csv.partial', 30 * HOUR);
    exportAged(dataDir, 'buyers-email-hashes-20250102-000000z-aabbccdd.csv', 23 * HOUR);
    exportAged(dataDir, 'notes.txt', 90 * 24 * HOUR);
    exportAged(dataDir, 'Mine.CSV', 90 * 24 * HOUR);
    fs.mkdirSync(path.join(exportsDir(dataDir), 'old-folder.csv'));

    expect(sweepOldExports(dataDir).sort()).toEqual(['buyers-email-hashes-20250101-000000z-01020304.csv.partial', 'buyers-rejects-20250101-000000z-0a0b0c0d.csv']);
    expect(names(dataDir)).toEqual(['Mine.CSV', 'buyers-email-hashes-20250102-000000z-aabbccdd.csv', 'notes.txt', 'old-folder.csv']);
  });

  it('measures age against the clock and the limit it is given', () => {
    const dataDir = tempDir();
    exportAged(dataDir, 'a-20250101-000000z-00000000.csv', 2 * HOUR);
    expect(sweepOldExports(dataDir, Date.now(), 3 * HOUR)).toEqual([]);
    expect(sweepOldExports(dataDir, Date.now() + EXPORT_MAX_AGE_MS, 3 * HOUR)).toEqual(['a-20250101-000000z-00000000.csv']);
  });

  it('does nothing before the first export (no exports/ folder yet)', () => {
    const dataDir = tempDir();
    expect(sweepOldExports(dataDir)).toEqual([]);
    expect(fs.existsSync(exportsDir(dataDir))).toBe(false);
  });

  it('runs when the core starts and when a new export is written', async () => {
    const dataDir = tempDir();
    exportAged(dataDir, 'left-from-last-week-20250101-000000z-00000000.csv', 7 * 24 * HOUR);
    const core = new Core({ dataDir, surface: 'cli' });
    try {
      expect(names(dataDir)).toEqual([]);
    } finally {
      await core.close();
    }

    exportAged(dataDir, 'written-yesterday-20250101-000000z-00000000.csv', 26 * HOUR);
    const fresh = exportAged(dataDir, 'written-an-hour-ago-20250101-000000z-00000000.csv', HOUR);
    const target = newExportTarget(dataDir, ['buyers', 'rejects']);
    expect(names(dataDir)).toEqual([path.basename(fresh)]);
    expect(path.dirname(target.path)).toBe(exportsDir(dataDir));
  });
});
