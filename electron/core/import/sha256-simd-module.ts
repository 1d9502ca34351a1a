/**
 * The bytes of a WebAssembly module that computes SHA-256 (FIPS 180-4) of single-block messages
 * four at a time, one message per 32-bit lane of a SIMD vector. Built here, instruction by
 * instruction, rather than shipped as an opaque binary: this file is the whole source.
 *
 * Export `hash(in, out, groups)`: for each of `groups` groups, reads 4 consecutive 64-byte blocks
 * at `in` (each a message already padded by the caller: bytes, 0x80, zeros, bit length in the
 * last 8 bytes big-endian) and writes their 4 digests, 32 bytes each, at `out`. Export `memory`.
 * Decision 0016 records why and how it was checked.
 */

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

// Opcodes (WebAssembly core 2.0, with the fixed-width SIMD proposal's numbering).
const OP = { block: 0x02, loop: 0x03, br: 0x0c, brIf: 0x0d, end: 0x0b, get: 0x20, set: 0x21, i32Const: 0x41, i32Eqz: 0x45, i32Add: 0x6a, i32Sub: 0x6b };
const SIMD = { load: 0x00, store: 0x0b, shuffle: 0x0d, splat: 0x11, or: 0x50, xor: 0x51, bitselect: 0x52, shl: 171, shrU: 173, add: 174 };

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (text: string): number[] => [...uleb(text.length), ...Buffer.from(text, 'utf8')];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** Emits the function body as a flat stack-machine instruction stream. */
class Body {
  readonly code: number[] = [];
  private readonly locals = new Map<string, number>();

  constructor(params: string[], vectors: string[]) {
    [...params, ...vectors].forEach((local, index) => this.locals.set(local, index));
  }

  private index(local: string): number {
    const index = this.locals.get(local);
    if (index === undefined) throw new Error(`sha256-simd: no local ${local}`);
    return index;
  }

  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  simd(op: number, ...immediates: number[]): this {
    return this.op(0xfd, ...uleb(op), ...immediates);
  }
  get(local: string): this {
    return this.op(OP.get, ...uleb(this.index(local)));
  }
  set(local: string): this {
    return this.op(OP.set, ...uleb(this.index(local)));
  }
  i32(value: number): this {
    return this.op(OP.i32Const, ...sleb(value));
  }
  splat(value: number): this {
    return this.i32(value).simd(SIMD.splat);
  }
  /** The vector in `local` rotated right by `bits` in every lane. */
  rotr(local: string, bits: number): this {
    return this.get(local).i32(bits).simd(SIMD.shrU).get(local).i32(32 - bits).simd(SIMD.shl).simd(SIMD.or);
  }
  shuffle(a: string, b: string, lanes: number[]): this {
    return this.get(a).get(b).simd(SIMD.shuffle, ...lanes);
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
/** Byte lanes of 32-bit word `word` of a vector, reversed (big-endian ↔ little-endian). */
const swapped = (word: number, vector = 0): number[] => [3, 2, 1, 0].map((byte) => vector * 16 + word * 4 + byte);

function hashFunction(): Body {
  const state = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const schedule = range(0, 16).map((i) => `w${i}`);
  const body = new Body(['in', 'out', 'groups'], [...state, 't1', 't2', ...schedule, 'r0', 'r1', 'r2', 'r3', 'x0', 'x1', 'x2', 'x3']);
  body.op(OP.block, 0x40, OP.loop, 0x40);
  body.get('groups').op(OP.i32Eqz, OP.brIf, 1);

  // Message words, transposed so lane m of w[j] is word j of message m, and made big-endian.
  const pairLow = [...swapped(0), ...swapped(0, 1), ...swapped(1), ...swapped(1, 1)];
  const pairHigh = [...swapped(2), ...swapped(2, 1), ...swapped(3), ...swapped(3, 1)];
  const halvesLow = [...range(0, 8), ...range(16, 24)];
  const halvesHigh = [...range(8, 16), ...range(24, 32)];
  for (let quarter = 0; quarter < 4; quarter++) {
    for (let message = 0; message < 4; message++) {
      body.get('in').simd(SIMD.load, 4, ...uleb(message * 64 + quarter * 16)).set(`r${message}`);
    }
    body.shuffle('r0', 'r1', pairLow).set('x0').shuffle('r0', 'r1', pairHigh).set('x1');
    body.shuffle('r2', 'r3', pairLow).set('x2').shuffle('r2', 'r3', pairHigh).set('x3');
    body.shuffle('x0', 'x2', halvesLow).set(`w${quarter * 4}`).shuffle('x0', 'x2', halvesHigh).set(`w${quarter * 4 + 1}`);
    body.shuffle('x1', 'x3', halvesLow).set(`w${quarter * 4 + 2}`).shuffle('x1', 'x3', halvesHigh).set(`w${quarter * 4 + 3}`);
  }

  state.forEach((local, i) => body.splat(IV[i]!).set(local));
  let v = [...state];
  for (let t = 0; t < 64; t++) {
    const w = `w${t % 16}`;
    if (t >= 16) {
      const w2 = `w${(t - 2) % 16}`;
      const w15 = `w${(t - 15) % 16}`;
      // σ1(w[t-2]) + w[t-7] + σ0(w[t-15]) + w[t-16]
      body.rotr(w2, 17).rotr(w2, 19).simd(SIMD.xor).get(w2).i32(10).simd(SIMD.shrU).simd(SIMD.xor);
      body.get(`w${(t - 7) % 16}`).simd(SIMD.add);
      body.rotr(w15, 7).rotr(w15, 18).simd(SIMD.xor).get(w15).i32(3).simd(SIMD.shrU).simd(SIMD.xor);
      body.get(w).simd(SIMD.add).simd(SIMD.add).set(w);
    }
    const [a, b, c, d, e, f, g, h] = v as [string, string, string, string, string, string, string, string];
    // t1 = h + Σ1(e) + Ch(e, f, g) + K[t] + w[t]; Ch is bitselect(f, g, e).
    body.get(h).rotr(e, 6).rotr(e, 11).simd(SIMD.xor).rotr(e, 25).simd(SIMD.xor).simd(SIMD.add);
    body.get(f).get(g).get(e).simd(SIMD.bitselect).splat(K[t]!).get(w).simd(SIMD.add).simd(SIMD.add).simd(SIMD.add).set('t1');
    // t2 = Σ0(a) + Maj(a, b, c); Maj is bitselect(c, a, a ^ b).
    body.rotr(a, 2).rotr(a, 13).simd(SIMD.xor).rotr(a, 22).simd(SIMD.xor);
    body.get(c).get(a).get(a).get(b).simd(SIMD.xor).simd(SIMD.bitselect).simd(SIMD.add).set('t2');
    // New e is d + t1 (kept in d's local), new a is t1 + t2 (in h's); the names then rotate.
    body.get(d).get('t1').simd(SIMD.add).set(d);
    body.get('t1').get('t2').simd(SIMD.add).set(h);
    v = [h, a, b, c, d, e, f, g];
  }
  v.forEach((local, i) => body.get(local).splat(IV[i]!).simd(SIMD.add).set(local));

  // Back to one message per vector, big-endian: digest m is lane m of a..d, then of e..h.
  const wordsLow = [...range(0, 4), ...range(16, 20), ...range(4, 8), ...range(20, 24)];
  const wordsHigh = [...range(8, 12), ...range(24, 28), ...range(12, 16), ...range(28, 32)];
  const rowLow = [...swapped(0), ...swapped(1), ...swapped(0, 1), ...swapped(1, 1)];
  const rowHigh = [...swapped(2), ...swapped(3), ...swapped(2, 1), ...swapped(3, 1)];
  for (const [half, [p, q, r, s]] of [
    [0, v.slice(0, 4)],
    [16, v.slice(4, 8)],
  ] as [number, string[]][]) {
    body.shuffle(p!, q!, wordsLow).set('x0').shuffle(p!, q!, wordsHigh).set('x1');
    body.shuffle(r!, s!, wordsLow).set('x2').shuffle(r!, s!, wordsHigh).set('x3');
    const rows: [string, string, number[]][] = [
      ['x0', 'x2', rowLow],
      ['x0', 'x2', rowHigh],
      ['x1', 'x3', rowLow],
      ['x1', 'x3', rowHigh],
    ];
    rows.forEach(([left, right, lanes], message) => {
      body.get('out').shuffle(left, right, lanes).simd(SIMD.store, 4, ...uleb(message * 32 + half));
    });
  }

  body.get('in').i32(256).op(OP.i32Add).set('in');
  body.get('out').i32(128).op(OP.i32Add).set('out');
  body.get('groups').i32(1).op(OP.i32Sub).set('groups');
  body.op(OP.br, 0, OP.end, OP.end, OP.end);
  return body;
}

/** The module's bytes (built once per call; cache the compiled module, not these). */
export function sha256SimdModuleBytes(): Uint8Array<ArrayBuffer> {
  const body = hashFunction();
  const vectorLocals = 34;
  const code = [...vector([[...uleb(vectorLocals), 0x7b]]), ...body.code];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector([[0x7f], [0x7f], [0x7f]]), ...vector([])]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], [...name('hash'), 0x00, 0]])),
    ...section(10, vector([[...uleb(code.length), ...code]])),
  ]);
}
