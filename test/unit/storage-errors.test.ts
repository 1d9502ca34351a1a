import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinlistError } from '../../shared/errors.js';
import { storageError } from '../../electron/core/db/storage-errors.js';
import { sweepLeftovers } from '../../electron/core/files/leftovers.js';
import { useTempDirs } from '../helpers/temp.js';

const tempDir = useTempDirs();

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('storageError', () => {
  it('ENOSPC is DISK_FULL naming the folder, what is free and needed, and that nothing changed', () => {
    const dir = tempDir();
    const error = storageError(errno('ENOSPC', 'ENOSPC: no space left on device, write'), { path: dir, what: 'The export', neededBytes: 5_000_000 });
    expect(error?.code).toBe('DISK_FULL');
    expect(error?.message).toMatch(new RegExp(`${dir}.* is full \\(.* free, about 5\\.0 MB needed\\): The export could not be written\\. Nothing was changed\\.`));
  });

  it("SQLITE_FULL names the database's disk, whatever was being written", () => {
    const data = tempDir();
    const error = storageError(errno('SQLITE_FULL', 'database or disk is full'), { path: path.join(data, 'tmp'), databasePath: path.join(data, 'pinlist.db') });
    expect(error?.code).toBe('DISK_FULL');
    expect(error?.message).toContain(data);
    expect(error?.message).not.toContain(path.join(data, 'tmp'));
    // Only its message survives a thread: still recognised.
    expect(storageError(new Error('The import failed: database or disk is full'), { path: data })?.code).toBe('DISK_FULL');
  });

  it('SQLITE_CORRUPT / SQLITE_NOTADB are DATABASE_DAMAGED naming the file, with the restore when there is a backup', () => {
    const data = tempDir();
    const database = path.join(data, 'pinlist.db');
    const none = storageError(errno('SQLITE_NOTADB', 'file is not a database'), { path: data, databasePath: database });
    expect(none?.code).toBe('DATABASE_DAMAGED');
    expect(none?.message).toMatch(new RegExp(`${database} is damaged \\(file is not a database\\)\\. There is no backup`));
    fs.mkdirSync(path.join(data, 'backups'));
    fs.writeFileSync(path.join(data, 'backups', 'pinlist-20260101-000000z.db'), '');
    const withBackup = storageError(errno('SQLITE_CORRUPT', 'database disk image is malformed'), { path: data, databasePath: database });
    expect(withBackup?.message).toMatch(/`pinlist db restore`.*at most a day/);
  });

  it('a read-only file system is DATA_DIR_READ_ONLY; other errors and PinlistErrors are not storage errors', () => {
    const data = tempDir();
    expect(storageError(errno('EROFS', 'read-only file system'), { path: data })?.code).toBe('DATA_DIR_READ_ONLY');
    expect(storageError(errno('SQLITE_READONLY_DIRECTORY', 'attempt to write a readonly database'), { path: data, databasePath: path.join(data, 'pinlist.db') })?.code).toBe(
      'DATA_DIR_READ_ONLY',
    );
    expect(storageError(errno('ENOENT', 'no such file'), { path: data })).toBeNull();
    expect(storageError(new PinlistError('NOT_FOUND', 'gone'), { path: data })).toBeNull();
  });
});

describe('sweepLeftovers', () => {
  it("removes a dead process's runs and uploads, keeps a live one's and files it does not know", () => {
    const data = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const tmp = path.join(data, 'tmp');
    const uploads = path.join(data, 'uploads');
    for (const dir of [`hashruns-${dead}-spill-a`, `hashruns-${dead}-reader-b`, `hashruns-${process.pid}-c`]) {
      fs.mkdirSync(path.join(tmp, dir), { recursive: true });
      fs.writeFileSync(path.join(tmp, dir, 'rejects.bin'), 'someone@example.com');
    }
    fs.mkdirSync(uploads);
    const uuid = '0b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
    fs.writeFileSync(path.join(uploads, `${dead}-${uuid}.upload`), 'email\n');
    fs.writeFileSync(path.join(uploads, `${process.pid}-${uuid}.upload`), 'email\n');
    fs.writeFileSync(path.join(uploads, 'notes.txt'), 'not ours');

    expect(sweepLeftovers(data)).toEqual({ tempDirs: 2, uploads: 1 });
    expect(fs.readdirSync(tmp)).toEqual([`hashruns-${process.pid}-c`]);
    expect(fs.readdirSync(uploads).sort()).toEqual([`${process.pid}-${uuid}.upload`, 'notes.txt']);
  });
});
