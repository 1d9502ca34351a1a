/**
 * Member storage: sorted hash sets in SQLite (docs/decisions/0003-member-storage.md).
 *
 * An import, in a worker thread:
 *   removeStaleRunDirs(tmp);                                   // once, leftovers of killed runs
 *   const scratch = new SortScratch();                         // one sort buffer for all kinds
 *   const builder = new HashSetBuilder({ tempDir: tmp, scratch, reuseChunks: true, signal });
 *   builder.add(hashes, count);                                // per batch, any order, dupes ok
 *   commitImport(db, { listId, mode, incoming: [{ kind, hashes: builder.finish() }], ... });
 *   builder.close();                                           // in finally: removes temp files
 *
 * A sync: diff(readHashSet(db, desiredSetId), readHashSet(db, confirmedSetId)) → add/remove chunks.
 */
export * from './hashes.js';
export * from './sort.js';
export * from './sorted-runs.js';
export * from './merge.js';
export * from './hash-sets.js';
export * from './lists.js';
export * from './commit.js';
export * from './import-records.js';
export * from './suppressed-counts.js';
export * from './list-preferences.js';
