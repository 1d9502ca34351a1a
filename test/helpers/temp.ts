import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/open.js';

/** A fresh temp folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-test-'));
    made.push(dir);
    return dir;
  };
}

/** A fresh migrated database per call, in its own temp folder, closed after the test. */
export function useTempDatabases(): () => Db {
  const tempDir = useTempDirs();
  const opened: Db[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) if (db.open) db.close();
  });
  return () => {
    const db = openDatabase(path.join(tempDir(), 'pinlist.db'));
    opened.push(db);
    return db;
  };
}
