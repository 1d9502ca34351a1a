import crypto from 'node:crypto';
import { sha256SimdModuleBytes } from './sha256-simd-module.js';

/**
 * SHA-256 of many short strings per call (decision 0016). `crypto.hash` costs ~0.45 µs a value
 * here, nearly all of it the call, not the hashing; an import hashes a million values. This hands
 * up to CAPACITY values at a time to a WebAssembly SIMD kernel (sha256-simd-module.ts) that hashes
 * four per instruction stream: ~0.17 µs a value, encoding included. A value longer than one
 * SHA-256 block (over 55 UTF-8 bytes: a rare email) is hashed by `crypto.hash`, as is everything
 * where WebAssembly SIMD is missing or the kernel fails its check against `crypto` at start-up.
 */

const CAPACITY = 4096;
const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;
/** Longest message that fits one block with its padding (0x80 and the 8-byte length). */
const ONE_BLOCK_BYTES = 55;
/** Below this many bytes written, even a 4-byte character would still have fitted: the whole value was written. */
const SURELY_WHOLE_BYTES = ONE_BLOCK_BYTES - 3;
const INPUT = 0;
const OUTPUT = CAPACITY * BLOCK_BYTES;

type Kernel = (input: number, output: number, groups: number) => void;

/** Writes the digest of `value` (UTF-8) at `target[offset]` with `crypto` (the fallback and the reference). */
export function writeSha256(target: Buffer, offset: number, value: string): void {
  // 'binary' (latin1) output: the 32 digest bytes as one-byte characters, written back as
  // bytes; the fastest way measured here to get one digest into a shared buffer.
  target.write(crypto.hash('sha256', value, 'binary'), offset, 'binary');
}

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(sha256SimdModuleBytes());
    } catch {
      compiled = null; // no WebAssembly SIMD in this runtime
    }
  }
  return compiled;
}

/** Values the self-check hashes both ways: block edges, multi-byte and 4-byte characters, a short last group. */
const CHECK_VALUES = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'ü'.repeat(27), 'ü'.repeat(28), '😀'.repeat(13), '😀'.repeat(14), 'person@example.com'];

export class BatchSha256 {
  private readonly memory: Buffer;

  private constructor(
    private readonly kernel: Kernel,
    memory: WebAssembly.Memory,
  ) {
    this.memory = Buffer.from(memory.buffer);
  }

  /** The SIMD hasher, or null where it cannot run or disagrees with `crypto` (callers then use `writeSha256`). */
  static create(): BatchSha256 | null {
    const module = kernelModule();
    if (!module) return null;
    try {
      const exports = new WebAssembly.Instance(module).exports as { hash: Kernel; memory: WebAssembly.Memory };
      const pages = Math.ceil((CAPACITY * (BLOCK_BYTES + DIGEST_BYTES)) / 65536);
      exports.memory.grow(pages - exports.memory.buffer.byteLength / 65536);
      const hasher = new BatchSha256(exports.hash, exports.memory);
      return hasher.agreesWithCrypto() ? hasher : null;
    } catch {
      return null;
    }
  }

  private agreesWithCrypto(): boolean {
    const ours = Buffer.alloc(CHECK_VALUES.length * DIGEST_BYTES);
    const reference = Buffer.alloc(CHECK_VALUES.length * DIGEST_BYTES);
    this.hashInto(
      CHECK_VALUES,
      ours,
      CHECK_VALUES.map((_, i) => i),
    );
    CHECK_VALUES.forEach((value, i) => writeSha256(reference, i * DIGEST_BYTES, value));
    return ours.equals(reference);
  }

  /** Writes SHA-256(UTF-8 of `values[i]`) at `target[positions[i] * 32]`, for every i. */
  hashInto(values: readonly string[], target: Buffer, positions: readonly number[]): void {
    for (let start = 0; start < values.length; start += CAPACITY) {
      this.hashChunk(values, target, positions, start, Math.min(values.length, start + CAPACITY));
    }
  }

  private hashChunk(values: readonly string[], target: Buffer, positions: readonly number[], start: number, end: number): void {
    const memory = this.memory;
    const count = end - start;
    const groups = (count + 3) >>> 2;
    memory.fill(0, INPUT, INPUT + groups * 4 * BLOCK_BYTES);
    const first = positions[start]!;
    let contiguous = true;
    let long: number[] | null = null;
    for (let i = 0; i < count; i++) {
      const value = values[start + i]!;
      if (positions[start + i] !== first + i) contiguous = false;
      const block = INPUT + i * BLOCK_BYTES;
      const bytes = value.length > ONE_BLOCK_BYTES ? -1 : memory.write(value, block, ONE_BLOCK_BYTES, 'utf8');
      if (bytes < 0 || (bytes >= SURELY_WHOLE_BYTES && Buffer.byteLength(value, 'utf8') !== bytes)) {
        (long ??= []).push(start + i);
        continue;
      }
      memory[block + bytes] = 0x80;
      const bits = bytes * 8;
      memory[block + BLOCK_BYTES - 2] = bits >>> 8;
      memory[block + BLOCK_BYTES - 1] = bits & 0xff;
    }
    this.kernel(INPUT, OUTPUT, groups);
    if (contiguous) {
      memory.copy(target, first * DIGEST_BYTES, OUTPUT, OUTPUT + count * DIGEST_BYTES);
    } else {
      for (let i = 0; i < count; i++) {
        const from = OUTPUT + i * DIGEST_BYTES;
        memory.copy(target, positions[start + i]! * DIGEST_BYTES, from, from + DIGEST_BYTES);
      }
    }
    // Written after the kernel's digests, over the meaningless ones of their blocks.
    for (const i of long ?? []) writeSha256(target, positions[i]! * DIGEST_BYTES, values[i]!);
  }
}
