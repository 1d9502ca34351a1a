import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * SHA-256 of a whole file, streamed, for the import record (it tells whether the same file was
 * imported before). Runs beside the parse in the reader worker; the parse has just read the
 * same bytes, so they come from the page cache.
 */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = crypto.createHash('sha256');
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal });
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
