import { invalidRequest, recordRefused, tooManyRecords } from './errors.js';
import type { FaultSettings } from './faults.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Number of comma-separated records in a `records` value, for the request log. */
export function countRecords(records: unknown): number | null {
  return typeof records === 'string' ? (records === '' ? 0 : records.split(',').length) : null;
}

/**
 * Split `records` (one comma-separated string, per the spec) and enforce Pinlist's stricter rule:
 * every record is a lowercase hex SHA-256. Pinterest would also take plain emails, SHA-1 and MD5,
 * but Pinlist never sends those, so anything else is a bug worth a loud 400.
 */
export function parseRecords(records: unknown, faults: Pick<FaultSettings, 'maxRecordsPerRequest' | 'recordsCapStatus' | 'refuseRecords'>): string[] {
  if (typeof records !== 'string' || records === '') {
    throw invalidRequest('Invalid parameters: records must be a non-empty comma-separated string.');
  }
  const list = records.split(',');
  const max = faults.maxRecordsPerRequest;
  if (max !== null && list.length > max) throw tooManyRecords(list.length, max, faults.recordsCapStatus);
  const bad = list.findIndex((record) => !SHA256_HEX.test(record));
  if (bad >= 0) {
    const record = list[bad] ?? '';
    const shown = record === '' ? 'an empty record' : `"${record.slice(0, 12)}${record.length > 12 ? '…' : ''}" (${record.length} characters)`;
    throw invalidRequest(
      `Invalid parameters: record ${bad + 1} of ${list.length} is ${shown}; every record must be a SHA-256 hash in 64 lowercase hex characters.`,
    );
  }
  if (faults.refuseRecords.length > 0) {
    const refused = new Set(faults.refuseRecords);
    const at = list.findIndex((record) => refused.has(record));
    if (at >= 0) throw recordRefused(at, list.length);
  }
  return list;
}
