import { createHash } from 'node:crypto';
import type { Db } from '../../electron/core/db/open.js';
import { commitImport, createList, findListByName, hashesOf, suppressionList, type ImportMode, type RejectRow } from '../../electron/core/store/index.js';
import type { IdentifierKind, RejectReason } from '../../shared/identifiers.js';
import { hexesToBuffer, hexList, randomHashes, sortedUnique } from './hash-data.js';

/** Lists built straight through the store (no import pipeline), for the read-side tests. */

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Sorted, duplicate-free hashes: `count` random ones (seeded) plus the hashes of `values`. */
export function memberHashes(count: number, seed: number, values: string[] = []): Buffer {
  return hexesToBuffer(sortedUnique([...hexList(randomHashes(count, seed)), ...values.map((value) => sha256(value).toString('hex'))]));
}

export interface SeedImport {
  members: Partial<Record<IdentifierKind, Buffer>>;
  rejects?: RejectRow[];
  mode?: ImportMode;
  fileName?: string;
  /** Store into the suppression list instead of an audience. */
  suppression?: boolean;
}

/** Commits one import into the named list (created if needed); returns the list and import ids. */
export function seedImport(db: Db, listName: string, seed: SeedImport): { listId: number; importId: number } {
  const list = seed.suppression ? suppressionList(db) : (findListByName(db, listName) ?? createList(db, listName));
  const rejects = seed.rejects ?? [];
  const rejectReasons: Partial<Record<RejectReason, number>> = {};
  for (const row of rejects) rejectReasons[row.reason] = (rejectReasons[row.reason] ?? 0) + 1;
  const incoming = Object.entries(seed.members).map(([kind, hashes]) => ({ kind: kind as IdentifierKind, hashes: hashesOf(hashes) }));
  const valid = Object.values(seed.members).reduce((sum, hashes) => sum + hashes.length / 32, 0);
  const result = commitImport(db, {
    listId: list.id,
    mode: seed.mode ?? 'replace',
    incoming,
    file: { name: seed.fileName ?? 'customers.csv', size: 1234, sha256: 'ab'.repeat(32) },
    mapping: { columns: [{ index: 0, name: 'email', kind: 'email' }] },
    format: { type: 'csv', delimiter: ',' },
    rowsRead: valid + rejects.length,
    valid,
    rejected: rejects.length,
    duplicates: 0,
    rejectReasons,
    rejects,
    durationMs: 1500,
  });
  return { listId: list.id, importId: result.importId };
}

/** `count` rejected rows with formula-looking, quoted and multi-line raw values among them. */
export function hostileRejects(count: number, firstRow = 2): RejectRow[] {
  const raws = ['=HYPERLINK("http://x")', '@SUM(1)', '-2+3', 'say "hi", twice', 'two\nlines', 'no-at-sign'];
  return Array.from({ length: count }, (_, i) => ({
    rowNumber: firstRow + i,
    column: 'email',
    reason: 'missing_at' as const,
    rawValue: raws[i % raws.length]!,
  }));
}
