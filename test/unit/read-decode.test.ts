/**
 * The chunked decoder (read/decode.ts) gives exactly the text of the whole file, however the
 * bytes are cut: a character split across chunks comes out whole, a BOM is dropped only at the
 * very start, and after ASCII a byte that is not UTF-8 falls back to Windows-1252 even when a
 * chunk ends on it. Property-checked with fast-check (a failure prints its seed and shrunk case).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecoder, UndecodableError } from '../../electron/core/import/read/decode.js';

function decodeInChunks(bytes: Uint8Array, cuts: number[], canFallBack = false): { text: string; encoding: string } {
  const decoder = createDecoder('utf-8', { fallbackToWindows1252: canFallBack });
  let text = '';
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const end = Math.min(bytes.length, Math.max(at, cut));
    text += decoder.write(bytes.subarray(at, end));
    at = end;
  }
  text += decoder.write(bytes.subarray(at));
  text += decoder.end();
  return { text, encoding: decoder.encoding };
}

const pieces = fc.constantFrom('a', 'Z', ',', '\n', '"', ' ', 'é', 'ß', '€', '漢', '😀', '\uFEFF', 'customer@example.com', '\r\n');
const texts = fc.array(pieces, { maxLength: 80 }).map((parts) => parts.join(''));
const cutsFor = (length: number) => fc.array(fc.integer({ min: 0, max: Math.max(0, length) }), { maxLength: 12 });

describe('the chunked UTF-8 decoder', () => {
  it('gives the whole text, however the bytes are cut, with or without a BOM at the start', () => {
    fc.assert(
      fc.property(
        texts,
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 12 }),
        (text, bom, cuts) => {
          const bytes = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
          // Without a BOM of its own, a text that begins with U+FEFF is read as having one.
          expect(decodeInChunks(bytes, cuts).text).toBe(bom ? text : text.replace(/^\uFEFF/, ''));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps a U+FEFF that is not at the start of the file, after ASCII chunks too', () => {
    const bytes = Buffer.from('email\na@b.com\n\uFEFFc@d.com\n', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeInChunks(bytes, [cut]).text).toBe('email\na@b.com\n\uFEFFc@d.com\n');
  });

  it('after ASCII chunks, a byte that is not UTF-8 falls back to Windows-1252 when allowed, and fails otherwise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), cutsFor(60), (asciiLength, cuts) => {
        const ascii = Buffer.from('x'.repeat(asciiLength) + ',');
        const bytes = Buffer.concat([ascii, Buffer.from([0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65, 0x0a])]); // "Jérôme\n" in Windows-1252
        const result = decodeInChunks(bytes, cuts, true);
        expect(result.text).toBe(`${'x'.repeat(asciiLength)},Jérôme\n`);
        expect(result.encoding).toBe('windows-1252');
        expect(() => decodeInChunks(bytes, cuts, false)).toThrow(UndecodableError);
      }),
      { numRuns: 300 },
    );
  });

  it('an all-ASCII chunk after one that ended mid-character is not taken as text on its own', () => {
    // Chunk 1 ends on the first byte of "é"; an ASCII chunk 2 makes that byte invalid UTF-8.
    const bytes = Buffer.concat([Buffer.from('ab'), Buffer.from('é', 'utf8').subarray(0, 1), Buffer.from('cd')]);
    expect(() => decodeInChunks(bytes, [3])).toThrow(UndecodableError);
    expect(decodeInChunks(bytes, [3], true)).toEqual({ text: 'abÃcd', encoding: 'windows-1252' });
  });

  it('at the end of the file, a cut-off character is an error, or Windows-1252 after ASCII when allowed', () => {
    const cut = Buffer.from('abc,é', 'utf8').subarray(0, -1);
    expect(() => decodeInChunks(cut, [2])).toThrow(UndecodableError);
    const latin = Buffer.from([0x61, 0x2c, 0xe9]); // "a,é" in Windows-1252
    for (const at of [0, 1, 2, 3]) expect(decodeInChunks(latin, [at], true)).toEqual({ text: 'a,é', encoding: 'windows-1252' });
    expect(() => decodeInChunks(Buffer.concat([Buffer.from('é,', 'utf8'), latin]), [4], true)).toThrow(UndecodableError);
  });
});
