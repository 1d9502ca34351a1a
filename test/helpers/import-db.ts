/**
 * For import tests: a fresh data folder, runImport against it, and independent views of what the
 * database holds (hashes recomputed here with node:crypto, never with the code under test).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { IdentifierKind } from '../../shared/identifiers.js';
import { openDatabase, type Db } from '../../electron/core/db/open.js';
import { runImport, type ImportRunOptions } from '../../electron/core/import/index.js';

export interface ImportEnv {
  dir: string;
  dbPath: string;
  tempDir: string;
  run(file: string, options: Partial<ImportRunOptions> & { list?: string }): ReturnType<typeof runImport>;
  /** Reads with a fresh connection. */
  read<T>(fn: (db: Db) => T): T;
}

export function useImportEnv(): () => ImportEnv {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-import-'));
    made.push(dir);
    const dbPath = path.join(dir, 'data', 'pinlist.db');
    openDatabase(dbPath).close();
    const tempDir = path.join(dir, 'data', 'tmp');
    return {
      dir,
      dbPath,
      tempDir,
      run: (file, { list = 'Customers', ...options }) => runImport({ dbPath, tempDir, file, target: { list }, ...options }),
      read: (fn) => {
        const db = openDatabase(dbPath);
        try {
          return fn(db);
        } finally {
          db.close();
        }
      },
    };
  };
}

export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(Buffer.from(value, 'utf8')).digest('hex');
}

/** The hashes a list should hold for these normalized values: SHA-256 hex, unique, sorted. */
export function expectedHashes(normalized: readonly string[], prehashed: readonly string[] = []): string[] {
  return [...new Set([...normalized.map(sha256Hex), ...prehashed.map((h) => h.toLowerCase())])].sort();
}

/** The hashes stored for a list (by name; the suppression list with `suppression`) and kind, as sorted hex. */
export function storedHashes(db: Db, list: string | { suppression: true }, kind: IdentifierKind): string[] {
  const row = (
    typeof list === 'string'
      ? db
          .prepare("SELECT m.set_id AS setId FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.name = ? AND l.role = 'audience' AND m.kind = ?")
          .get(list, kind)
      : db.prepare("SELECT m.set_id AS setId FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.role = 'suppression' AND m.kind = ?").get(kind)
  ) as { setId: number } | undefined;
  if (!row) return [];
  const chunks = db.prepare('SELECT data FROM hash_set_chunks WHERE set_id = ? ORDER BY seq').pluck().all(row.setId) as Buffer[];
  const out: string[] = [];
  for (const chunk of chunks) for (let at = 0; at < chunk.length; at += 32) out.push(chunk.toString('hex', at, at + 32));
  return out;
}

/** Everything an import may touch, as plain data: equal before and after means nothing changed. */
export function dumpDatabase(db: Db): unknown {
  const all = (sql: string): unknown[] =>
    (db.prepare(sql).all() as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Buffer.isBuffer(value) ? value.toString('hex') : value])),
    );
  return {
    lists: all('SELECT * FROM lists ORDER BY id'),
    listMembers: all('SELECT * FROM list_members ORDER BY list_id, kind'),
    hashSets: all('SELECT id, kind, size FROM hash_sets ORDER BY id'),
    chunks: all('SELECT set_id, seq, first_hash, size, data FROM hash_set_chunks ORDER BY set_id, seq'),
    imports: all('SELECT * FROM imports ORDER BY id'),
    rejects: all('SELECT * FROM rejects ORDER BY import_id, row_number, column_name'),
    plaintext: all('SELECT * FROM member_plaintext ORDER BY list_id, kind, hash'),
  };
}

export function rejectsOf(db: Db, importId: number): { row: number; column: string; reason: string; raw: string }[] {
  return db
    .prepare('SELECT row_number AS row, column_name AS "column", reason, raw_value AS raw FROM rejects WHERE import_id = ? ORDER BY row_number, column_name')
    .all(importId) as { row: number; column: string; reason: string; raw: string }[];
}

/** Files left in the import temp folder (sort runs, spills): none after any import, good or bad. */
export function leftoverTempFiles(tempDir: string): string[] {
  return fs.existsSync(tempDir) ? fs.readdirSync(tempDir) : [];
}
