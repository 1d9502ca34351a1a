import { invalidRequest } from './errors.js';

export interface Page<T> {
  items: T[];
  bookmark: string | null;
}

/** Pinterest paging: `page_size` 1..250 (default 25) and an opaque `bookmark`, null on the last page. */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const rawSize = query.get('page_size');
  const size = rawSize === null ? 25 : Number(rawSize);
  if (!Number.isInteger(size) || size < 1 || size > 250 || (rawSize !== null && !/^\d+$/.test(rawSize))) {
    throw invalidRequest(`Invalid parameters: page_size must be an integer from 1 to 250, not "${rawSize}".`);
  }
  const bookmark = query.get('bookmark');
  let offset = 0;
  if (bookmark !== null) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(bookmark, 'base64url').toString('utf8'));
    if (!decoded) throw invalidRequest('Invalid parameters: bookmark is not one this server gave out.');
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size;
  return { items: slice, bookmark: next < items.length ? Buffer.from(`o${next}`).toString('base64url') : null };
}

/** Sort by numeric id as the `order` parameter asks (ASCENDING unless told otherwise). */
export function orderById<T extends { id: string }>(items: T[], order: string | null): T[] {
  if (order !== null && order !== 'ASCENDING' && order !== 'DESCENDING') {
    throw invalidRequest('Invalid parameters: order must be ASCENDING or DESCENDING.');
  }
  const sorted = [...items].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0));
  return order === 'DESCENDING' ? sorted.reverse() : sorted;
}
