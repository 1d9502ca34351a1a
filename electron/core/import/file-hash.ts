import crypto from 'node:crypto';
import { open } from 'node:fs/promises';

const BLOCK_BYTES = 1 << 20;

/**
 * SHA-256 of a whole file, for the import record (it tells whether the same file was imported
 * before). Runs beside the parse in the reader worker, which has just read the same bytes, so
 * they come from the page cache. One buffer, reused: a fresh 1 MiB buffer per read would pile
 * up as garbage the size of the file before the next major GC.
 */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = crypto.createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(block, 0, BLOCK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(block.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
