import { createHash } from 'node:crypto';
import type { LookupResult } from '../../../shared/contract/lists.js';
import type { IdentifierKind, RejectReason } from '../../../shared/identifiers.js';
import { normalizeIdentifier } from '../../../shared/normalize.js';
import type { Db } from '../db/open.js';
import { containsHash, currentSet, requireList } from '../store/index.js';

export type HashedValue =
  | { ok: true; normalized: string; hash: Buffer; prehashed: boolean }
  | { ok: false; reason: RejectReason };

/**
 * A typed identifier as the import would store it: the shared normalization rules, then SHA-256
 * of the UTF-8 bytes (a pre-hashed email is its own hash). The input is never logged or kept.
 */
export function hashTypedValue(kind: IdentifierKind, value: string): HashedValue {
  const normalized = normalizeIdentifier(kind, value);
  if (!normalized.ok) return { ok: false, reason: normalized.reason };
  const hash = normalized.prehashed
    ? Buffer.from(normalized.value, 'hex')
    : createHash('sha256').update(normalized.value, 'utf8').digest();
  return { ok: true, normalized: normalized.value, hash, prehashed: normalized.prehashed };
}

/** Is this typed email or ad ID a member of the list (of that kind)? */
export function lookupMember(db: Db, listId: number, kind: IdentifierKind, value: string): LookupResult {
  requireList(db, listId);
  const hashed = hashTypedValue(kind, value);
  if (!hashed.ok) return { rejected: hashed.reason };
  const set = currentSet(db, listId, kind);
  const found = set !== undefined && set.size > 0 && containsHash(db, set.setId, hashed.hash);
  return { normalized: hashed.normalized, hash: hashed.hash.toString('hex'), prehashed: hashed.prehashed, found };
}
