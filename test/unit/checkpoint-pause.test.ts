import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pauseAutoCheckpoint } from '../../electron/core/db/checkpoint-pause.js';
import { openDatabase } from '../../electron/core/db/open.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

describe('pauseAutoCheckpoint', () => {
  it('keeps checkpoints off until every overlapping pause has ended, and ending one twice counts once', () => {
    const db = openDatabase(path.join(tempDir(), 'pause.db'));
    try {
      const setting = (): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;
      expect(setting()).toBe(1000);
      const first = pauseAutoCheckpoint(db);
      const second = pauseAutoCheckpoint(db);
      expect(setting()).toBe(0);
      first();
      first();
      expect(setting()).toBe(0);
      second();
      expect(setting()).toBe(1000);
    } finally {
      db.close();
    }
  });
});
