import type { Statement } from 'better-sqlite3';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import { PinlistError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import { compareHashes, compareWords, HASH_BYTES, HASH_WORDS, hashCount, SET_CHUNK_HASHES, wordsOf } from './hashes.js';

/**
 * Immutable hash sets in `hash_sets` / `hash_set_chunks` (docs/decisions/0003-member-storage.md).
 * Chunks are numbered from 0 by `seq` and every chunk but the last holds exactly
 * SET_CHUNK_HASHES hashes, so the chunk holding hash `i` is `floor(i / SET_CHUNK_HASHES)`.
 *
 * Reads go chunk by chunk with point queries, never through an open statement iterator: a
 * better-sqlite3 connection cannot run other statements while an iterator is open, and the
 * merges read the old set while writing the new one on the same connection.
 */

const CHUNK_BYTES = SET_CHUNK_HASHES * HASH_BYTES;

export interface HashSetInfo {
  setId: number;
  kind: IdentifierKind;
  size: number;
  createdAt: string;
}

interface Statements {
  insertSet: Statement<[string, string]>;
  insertChunk: Statement<[number, number, Buffer, number, Buffer]>;
  setSize: Statement<[number, number]>;
  info: Statement<[number]>;
  chunk: Statement<[number, number]>;
  chunkSlice: Statement<[number, number, number, number]>;
  chunkAtOrBefore: Statement<[number, Buffer]>;
  firstHashes: Statement<[number]>;
  deleteSet: Statement<[number]>;
  releaseSet: Statement<[{ id: number }]>;
}

const statementsByDb = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = statementsByDb.get(db);
  if (!s) {
    s = {
      insertSet: db.prepare('INSERT INTO hash_sets (kind, size, created_at) VALUES (?, 0, ?)'),
      insertChunk: db.prepare('INSERT INTO hash_set_chunks (set_id, seq, first_hash, size, data) VALUES (?, ?, ?, ?, ?)'),
      setSize: db.prepare('UPDATE hash_sets SET size = ? WHERE id = ?'),
      info: db.prepare('SELECT id AS setId, kind, size, created_at AS createdAt FROM hash_sets WHERE id = ?'),
      chunk: db.prepare('SELECT data FROM hash_set_chunks WHERE set_id = ? AND seq = ?').pluck(),
      // substr() on a BLOB counts bytes from 1.
      chunkSlice: db.prepare('SELECT substr(data, ?, ?) FROM hash_set_chunks WHERE set_id = ? AND seq = ?').pluck(),
      chunkAtOrBefore: db
        .prepare('SELECT data FROM hash_set_chunks WHERE set_id = ? AND first_hash <= ? ORDER BY first_hash DESC LIMIT 1')
        .pluck(),
      firstHashes: db.prepare('SELECT first_hash FROM hash_set_chunks WHERE set_id = ? ORDER BY seq').pluck(),
      deleteSet: db.prepare('DELETE FROM hash_sets WHERE id = ?'),
      releaseSet: db.prepare(
        `DELETE FROM hash_sets WHERE id = @id
           AND NOT EXISTS (SELECT 1 FROM list_members WHERE set_id = @id)
           AND NOT EXISTS (SELECT 1 FROM import_changes WHERE added_set_id = @id OR removed_set_id = @id)`,
      ),
    };
    statementsByDb.set(db, s);
  }
  return s;
}

function outOfOrder(): PinlistError {
  return new PinlistError(
    'INTERNAL',
    'Hashes reached the list store out of order or repeated, so nothing was saved. This is a bug in Pinlist; report it.',
  );
}

/**
 * Stores a sorted, duplicate-free stream as a new hash set (in its own savepoint, so inside a
 * caller's transaction it commits or rolls back with it). Input chunks of exactly
 * SET_CHUNK_HASHES hashes are stored as they are; others are re-cut. Throws, writing nothing, if
 * the stream is not strictly ascending.
 */
export function writeHashSet(db: Db, kind: IdentifierKind, sortedChunks: Iterable<Buffer>): { setId: number; size: number } {
  const s = statements(db);
  return db.transaction(() => {
    const setId = Number(s.insertSet.run(kind, new Date().toISOString()).lastInsertRowid);
    let seq = 0;
    let size = 0;
    const last = new Int32Array(HASH_WORDS);
    let pending: Buffer | null = null;
    let pendingBytes = 0;
    const store = (data: Buffer): void => {
      s.insertChunk.run(setId, seq++, data.subarray(0, HASH_BYTES), data.length / HASH_BYTES, data);
      size += data.length / HASH_BYTES;
    };
    for (const chunk of sortedChunks) {
      const n = hashCount(chunk);
      if (n === 0) continue;
      const words = wordsOf(chunk);
      if ((size > 0 || pendingBytes > 0) && compareWords(last, 0, words, 0) >= 0) throw outOfOrder();
      for (let i = HASH_WORDS; i < words.length; i += HASH_WORDS) {
        if (compareWords(words, i - HASH_WORDS, words, i) >= 0) throw outOfOrder();
      }
      last.set(words.subarray(words.length - HASH_WORDS));
      if (pendingBytes === 0 && chunk.length === CHUNK_BYTES) {
        store(chunk);
        continue;
      }
      let from = 0;
      while (from < chunk.length) {
        pending ??= Buffer.allocUnsafeSlow(CHUNK_BYTES);
        const take = Math.min(chunk.length - from, CHUNK_BYTES - pendingBytes);
        chunk.copy(pending, pendingBytes, from, from + take);
        pendingBytes += take;
        from += take;
        if (pendingBytes === CHUNK_BYTES) {
          store(pending);
          pendingBytes = 0;
        }
      }
    }
    if (pendingBytes > 0) store(pending!.subarray(0, pendingBytes));
    s.setSize.run(size, setId);
    return { setId, size };
  })();
}

export function hashSetInfo(db: Db, setId: number): HashSetInfo | undefined {
  return statements(db).info.get(setId) as HashSetInfo | undefined;
}

function requireInfo(db: Db, setId: number): HashSetInfo {
  const info = hashSetInfo(db, setId);
  if (!info) {
    throw new PinlistError('NOT_FOUND', `Member set ${setId} does not exist (the list was changed or deleted). Reload and try again.`);
  }
  return info;
}

export function hashSetSize(db: Db, setId: number): number {
  return requireInfo(db, setId).size;
}

/**
 * The set's hashes, one stored chunk (up to SET_CHUNK_HASHES hashes) at a time. Throws CONFLICT
 * if the set is deleted while being read (another connection replaced the list's members).
 */
export function* readHashSet(db: Db, setId: number): Generator<Buffer, void, undefined> {
  const s = statements(db);
  const { size } = requireInfo(db, setId);
  const chunks = Math.ceil(size / SET_CHUNK_HASHES);
  for (let seq = 0; seq < chunks; seq++) {
    const data = s.chunk.get(setId, seq) as Buffer | undefined;
    if (!data) {
      throw new PinlistError('CONFLICT', 'The list changed while it was being read. Try again.');
    }
    yield data;
  }
}

/** Binary search for `hash` in a buffer of sorted hashes. */
export function bufferHasHash(data: Buffer, hash: Uint8Array, hashOffset = 0): boolean {
  let lo = 0;
  let hi = data.length / HASH_BYTES - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareHashes(data, mid * HASH_BYTES, hash, hashOffset);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** One lookup: an index probe on the chunks' first hashes, then a binary search in one chunk. */
export function containsHash(db: Db, setId: number, hash: Uint8Array): boolean {
  if (hash.length !== HASH_BYTES) throw new PinlistError('INVALID_INPUT', 'A SHA-256 hash is 32 bytes; look up a whole hash.');
  const key = Buffer.from(hash.buffer, hash.byteOffset, HASH_BYTES);
  const data = statements(db).chunkAtOrBefore.get(setId, key) as Buffer | undefined;
  return data ? bufferHasHash(data, key) : false;
}

/**
 * Many lookups in one set (e.g. filtering rows against the suppression list): the chunks' first
 * hashes are loaded once and the last `cachedChunks` chunks read are kept.
 */
export class HashSetProbe {
  private readonly firsts: Buffer;
  private readonly cache = new Map<number, Buffer>();

  constructor(
    private readonly db: Db,
    private readonly setId: number,
    private readonly cachedChunks = 16,
  ) {
    const firsts = statements(db).firstHashes.all(setId) as Buffer[];
    this.firsts = Buffer.concat(firsts);
  }

  has(hash: Uint8Array, offset = 0): boolean {
    // The last chunk whose first hash is <= hash.
    let lo = 0;
    let hi = this.firsts.length / HASH_BYTES - 1;
    let seq = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareHashes(this.firsts, mid * HASH_BYTES, hash, offset) <= 0) {
        seq = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (seq < 0) return false;
    let data = this.cache.get(seq);
    if (data) {
      this.cache.delete(seq); // re-insert below: Map order is the LRU order
    } else {
      data = statements(this.db).chunk.get(this.setId, seq) as Buffer | undefined;
      if (!data) throw new PinlistError('CONFLICT', 'The list changed while it was being read. Try again.');
      if (this.cache.size >= this.cachedChunks) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(seq, data);
    return bufferHasHash(data, hash, offset);
  }
}

/**
 * Hashes `offset .. offset+limit-1` of the set (fewer at the end), for a virtualized members
 * table: reads only the one or two chunks covering the page, and only the bytes needed.
 */
export function pageOfHashes(db: Db, setId: number, offset: number, limit: number): Buffer {
  const s = statements(db);
  const { size } = requireInfo(db, setId);
  const start = Math.max(0, Math.floor(offset));
  const end = Math.min(size, start + Math.max(0, Math.floor(limit)));
  if (start >= end) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for (let seq = Math.floor(start / SET_CHUNK_HASHES); seq * SET_CHUNK_HASHES < end; seq++) {
    const chunkStart = seq * SET_CHUNK_HASHES;
    const from = Math.max(start, chunkStart) - chunkStart;
    const to = Math.min(end, chunkStart + SET_CHUNK_HASHES) - chunkStart;
    const part = s.chunkSlice.get(from * HASH_BYTES + 1, (to - from) * HASH_BYTES, setId, seq) as Buffer | undefined;
    if (!part) throw new PinlistError('CONFLICT', 'The list changed while it was being read. Try again.');
    parts.push(part);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** Deletes a set and its chunks. Fails (FOREIGN KEY) while a list or an import still points at it. */
export function deleteHashSet(db: Db, setId: number): boolean {
  return statements(db).deleteSet.run(setId).changes > 0;
}

/**
 * Deletes a member set a list no longer points at, unless an import still holds it as its change
 * set (migration 7: a first import's added set is its member set). True if it was deleted.
 */
export function releaseHashSet(db: Db, setId: number): boolean {
  return statements(db).releaseSet.run({ id: setId }).changes > 0;
}
