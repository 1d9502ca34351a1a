/**
 * For store tests: commits one email import of these hashes (hex, any order, repeats allowed) to
 * a list, with everything else an import records kept to a minimum.
 */
import type { Db } from '../../electron/core/db/open.js';
import { commitImport, type CommitImportParams, type CommitImportResult, type ImportMode } from '../../electron/core/store/commit.js';
import { hexesToBuffer, randomChunks, sortedUnique } from './hash-data.js';

/** The hashes as a commit takes them: sorted, duplicate-free, in chunks of random sizes. */
export function emailIncoming(hexes: string[]): CommitImportParams['incoming'] {
  const sorted = sortedUnique(hexes);
  return [{ kind: 'email', hashes: randomChunks(hexesToBuffer(sorted), sorted.length, 2500) }];
}

export function commitHexes(db: Db, listId: number, mode: ImportMode, hexes: string[], extra: Partial<CommitImportParams> = {}): CommitImportResult {
  return commitImport(db, {
    listId,
    mode,
    incoming: emailIncoming(hexes),
    file: { name: `${mode}.csv`, size: 1, sha256: 'ab'.repeat(32) },
    mapping: [],
    format: {},
    rowsRead: hexes.length,
    valid: hexes.length,
    rejected: 0,
    rejectReasons: {},
    durationMs: 1,
    ...extra,
  });
}
