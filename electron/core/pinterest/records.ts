import { PinlistError } from '../../../shared/errors.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The last line of defence before records leave the machine: every record must be a lowercase
 * SHA-256 hex digest. Anything else might be plaintext, so it is refused and never echoed.
 */
export function recordsField(records: readonly string[], operation: string): string {
  if (records.length === 0) {
    throw new PinlistError('INTERNAL', `Refused to send an empty batch while ${operation}: Pinterest needs at least one record. This is a bug in Pinlist; report it.`);
  }
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index];
    if (typeof record !== 'string' || !SHA256_HEX.test(record)) {
      throw new PinlistError(
        'INTERNAL',
        `Refused to send record ${index + 1} of ${records.length} while ${operation}: it is not a lowercase SHA-256 hash, so it might be personal data in plain text. Nothing was sent. This is a bug in Pinlist; report it.`,
      );
    }
  }
  return records.join(',');
}
