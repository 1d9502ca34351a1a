import { PinlistError } from '../../../shared/errors.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import { MAX_LIST_NAME_LENGTH } from '../../../shared/list-names.js';
import type { Db } from '../db/open.js';
import { releaseHashSet } from './hash-sets.js';

export type ListRole = 'audience' | 'suppression';

export interface ListRecord {
  id: number;
  name: string;
  role: ListRole;
  createdAt: string;
  updatedAt: string;
}

/** A stored list with its member counts (the contract's ListSummary adds imports and sync state to it). */
export interface ListWithMembers extends ListRecord {
  /** Members per identifier kind (0 for kinds the list has none of). */
  members: Record<IdentifierKind, number>;
  total: number;
}

export interface CurrentSet {
  setId: number;
  size: number;
}

const SUPPRESSION_LIST_NAME = 'Suppression list';
export { MAX_LIST_NAME_LENGTH };
const LIST_COLUMNS = 'id, name, role, created_at AS createdAt, updated_at AS updatedAt';

function cleanName(name: string): string {
  const clean = name.trim();
  if (clean.length === 0) throw new PinlistError('INVALID_INPUT', 'A list needs a name. Type one and try again.');
  if (clean.length > MAX_LIST_NAME_LENGTH) {
    throw new PinlistError('INVALID_INPUT', `List names can be at most ${MAX_LIST_NAME_LENGTH} characters. Choose a shorter name.`);
  }
  return clean;
}

function nameTaken(name: string): PinlistError {
  return new PinlistError('CONFLICT', `A list named "${name}" already exists. Choose another name, or import into that list.`);
}

export function emptyCounts(): Record<IdentifierKind, number> {
  return { email: 0, gaid: 0, idfa: 0 };
}

export function createList(db: Db, name: string): ListRecord {
  const clean = cleanName(name);
  if (findListByName(db, clean)) throw nameTaken(clean);
  const now = new Date().toISOString();
  let id: number;
  try {
    id = Number(
      db.prepare("INSERT INTO lists (name, role, created_at, updated_at) VALUES (?, 'audience', ?, ?)").run(clean, now, now).lastInsertRowid,
    );
  } catch (error) {
    // Another connection created it between the check and the insert.
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw nameTaken(clean);
    throw error;
  }
  return { id, name: clean, role: 'audience', createdAt: now, updatedAt: now };
}

export function getList(db: Db, listId: number): ListRecord | undefined {
  return db.prepare(`SELECT ${LIST_COLUMNS} FROM lists WHERE id = ?`).get(listId) as ListRecord | undefined;
}

/** Like `getList`, but throws LIST_NOT_FOUND. */
export function requireList(db: Db, listId: number): ListRecord {
  const list = getList(db, listId);
  if (!list) throw new PinlistError('LIST_NOT_FOUND', `List ${listId} does not exist (it may have been deleted). Pick a list from the list overview.`);
  return list;
}

/** An audience list by name, ignoring case. */
export function findListByName(db: Db, name: string): ListRecord | undefined {
  return db.prepare(`SELECT ${LIST_COLUMNS} FROM lists WHERE name = ? AND role = 'audience'`).get(name.trim()) as ListRecord | undefined;
}

/** Audience lists (never the suppression list), by name, with member counts per kind. */
export function listLists(db: Db): ListWithMembers[] {
  const lists = db.prepare(`SELECT ${LIST_COLUMNS} FROM lists WHERE role = 'audience' ORDER BY name, id`).all() as ListRecord[];
  const sizes = db
    .prepare(
      `SELECT m.list_id AS listId, m.kind AS kind, s.size AS size
         FROM list_members m JOIN hash_sets s ON s.id = m.set_id JOIN lists l ON l.id = m.list_id
        WHERE l.role = 'audience'`,
    )
    .all() as { listId: number; kind: IdentifierKind; size: number }[];
  const byList = new Map<number, Record<IdentifierKind, number>>();
  for (const { listId, kind, size } of sizes) {
    let counts = byList.get(listId);
    if (!counts) byList.set(listId, (counts = emptyCounts()));
    counts[kind] = size;
  }
  return lists.map((list) => {
    const members = byList.get(list.id) ?? emptyCounts();
    return { ...list, members, total: IDENTIFIER_KINDS.reduce((sum, kind) => sum + members[kind], 0) };
  });
}

/** The one suppression list, created on first use. */
export function suppressionList(db: Db): ListRecord {
  const existing = findSuppressionList(db);
  if (existing) return existing;
  const now = new Date().toISOString();
  db.prepare("INSERT OR IGNORE INTO lists (name, role, created_at, updated_at) VALUES (?, 'suppression', ?, ?)").run(
    SUPPRESSION_LIST_NAME,
    now,
    now,
  );
  return findSuppressionList(db)!;
}

/** The suppression list if it exists, without creating it. */
export function findSuppressionList(db: Db): ListRecord | undefined {
  return db.prepare(`SELECT ${LIST_COLUMNS} FROM lists WHERE role = 'suppression'`).get() as ListRecord | undefined;
}

/** The hash set holding the list's current members of one kind, if it has any set of that kind. */
export function currentSet(db: Db, listId: number, kind: IdentifierKind): CurrentSet | undefined {
  return db
    .prepare(
      `SELECT s.id AS setId, s.size AS size FROM list_members m JOIN hash_sets s ON s.id = m.set_id
        WHERE m.list_id = ? AND m.kind = ?`,
    )
    .get(listId, kind) as CurrentSet | undefined;
}

export function memberCounts(db: Db, listId: number): Record<IdentifierKind, number> {
  const counts = emptyCounts();
  const rows = db
    .prepare('SELECT m.kind AS kind, s.size AS size FROM list_members m JOIN hash_sets s ON s.id = m.set_id WHERE m.list_id = ?')
    .all(listId) as { kind: IdentifierKind; size: number }[];
  for (const { kind, size } of rows) counts[kind] = size;
  return counts;
}

/** Deletes the list, its member sets, imports, rejects and plaintext. False if it did not exist. */
export function deleteList(db: Db, listId: number): boolean {
  return db.transaction(() => {
    const setIds = db.prepare('SELECT set_id FROM list_members WHERE list_id = ?').pluck().all(listId) as number[];
    const deleted = db.prepare('DELETE FROM lists WHERE id = ?').run(listId).changes > 0;
    // Their imports (and change rows) went with the list: nothing else can hold these now.
    for (const setId of setIds) releaseHashSet(db, setId);
    return deleted;
  }).immediate();
}

export function renameList(db: Db, listId: number, name: string): ListRecord {
  const clean = cleanName(name);
  return db.transaction(() => {
    const list = requireList(db, listId);
    if (list.role === 'suppression') {
      throw new PinlistError('INVALID_INPUT', 'The suppression list cannot be renamed.');
    }
    const other = findListByName(db, clean);
    if (other && other.id !== listId) throw nameTaken(clean);
    const now = new Date().toISOString();
    db.prepare('UPDATE lists SET name = ?, updated_at = ? WHERE id = ?').run(clean, now, listId);
    return { ...list, name: clean, updatedAt: now };
  }).immediate();
}
