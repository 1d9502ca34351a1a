import crypto from 'node:crypto';
import { open } from 'node:fs/promises';

const BLOCK_BYTES = 1 << 20;

/**
 * SHA-256 of a whole file, read on its own: to check that a file still is the one a staged plan
 * read, and for automation sources. An import never uses it for the file it parses: both readers
 * hash the bytes they parse, in their one pass (TableSource.contentHash(), issue 14). One buffer,
 * reused: a fresh 1 MiB buffer per read would pile up as garbage the size of the file before the
 * next major GC.
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
