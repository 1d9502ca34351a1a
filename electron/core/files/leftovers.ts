import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../process-alive.js';
import { removeStaleRunDirs } from '../store/sorted-runs.js';

/**
 * What a Pinlist process killed mid-work (SIGKILL, power loss, a crash) leaves in the data
 * folder: the import's sort runs, reject spills and workbook sheet copies under `tmp/`
 * (`hashruns-<pid>-…`, plaintext among them), and browser mode's uploads under `uploads/`
 * (`<pid>-<uuid>.upload`, the user's raw file). Every start that opens the data folder sweeps
 * them; files of processes still alive are kept, since the app, `serve` and the CLI may share
 * one data folder.
 */

export const TEMP_FOLDER = 'tmp';
export const UPLOADS_FOLDER = 'uploads';

const UPLOAD_NAME = /^(\d+)-[0-9a-f-]{36}\.upload$/;
/** Uploads named before the pid was part of the name: swept once nothing has written them for this long. */
const UNOWNED_UPLOAD_NAME = /^[0-9a-f-]{36}\.upload$/;
const UNOWNED_UPLOAD_MAX_AGE_MS = 10 * 60 * 1000;

/** Removes uploads whose server is gone; returns how many. Never throws. */
export function removeStaleUploads(uploadDir: string, now = Date.now()): number {
  let names: string[];
  try {
    names = fs.readdirSync(uploadDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(uploadDir, name);
    const owned = UPLOAD_NAME.exec(name);
    try {
      if (owned) {
        if (isProcessAlive(Number(owned[1]))) continue;
      } else if (!UNOWNED_UPLOAD_NAME.test(name) || now - fs.statSync(file).mtimeMs < UNOWNED_UPLOAD_MAX_AGE_MS) {
        continue;
      }
      fs.rmSync(file, { force: true });
      removed++;
    } catch {
      // gone already, or not removable now: the next start tries again
    }
  }
  return removed;
}

export interface SweptLeftovers {
  tempDirs: number;
  uploads: number;
}

/** Sweeps `tmp/` and `uploads/` of dead processes' files. Never throws: a sweep must not stop a start. */
export function sweepLeftovers(dataDir: string): SweptLeftovers {
  let tempDirs = 0;
  try {
    tempDirs = removeStaleRunDirs(path.join(dataDir, TEMP_FOLDER));
  } catch {
    // a folder that cannot be removed now is tried again at the next start
  }
  return { tempDirs, uploads: removeStaleUploads(path.join(dataDir, UPLOADS_FOLDER)) };
}
