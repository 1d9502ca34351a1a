/** Deterministic fake SHA-256 hashes and plain reference implementations for the store tests. */

/** A small seeded PRNG (xorshift32): the same seed gives the same hashes in every process. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** `count` random 32-byte hashes. */
export function randomHashes(count: number, seed: number): Buffer {
  const next = rng(seed);
  const buffer = Buffer.alloc(count * 32);
  for (let i = 0; i < buffer.length; i += 4) buffer.writeUInt32BE(next(), i);
  return buffer;
}

export function hexList(buffer: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < buffer.length; i += 32) out.push(buffer.toString('hex', i, i + 32));
  return out;
}

/** Sorted, duplicate-free hex strings: lowercase hex sorts like the bytes. */
export function sortedUnique(hexes: Iterable<string>): string[] {
  return [...new Set(hexes)].sort();
}

export function hexesToBuffer(hexes: string[]): Buffer {
  return Buffer.from(hexes.join(''), 'hex');
}

/** Reads a chunked stream into hex strings. */
export function collectHex(stream: Iterable<Buffer>): string[] {
  const out: string[] = [];
  for (const chunk of stream) out.push(...hexList(chunk));
  return out;
}

export async function collectHexAsync(stream: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(...hexList(chunk));
  return out;
}

/** Cuts a buffer into chunks of random sizes (some empty), like an arbitrary producer would. */
export function randomChunks(buffer: Buffer, seed: number, maxHashes = 50): Buffer[] {
  const next = rng(seed);
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < buffer.length) {
    const n = next() % (maxHashes + 1);
    chunks.push(buffer.subarray(at, Math.min(buffer.length, at + n * 32)));
    at += n * 32;
  }
  return chunks;
}
