import { describe, expect, it } from 'vitest';
import { SharedStrings } from '../../electron/core/import/read/shared-strings.js';

describe('SharedStrings (an XLSX reader\'s packed shared strings)', () => {
  it('gives back each string by index, whatever its characters, across growth', () => {
    const strings = new SharedStrings();
    const values = ['', 'Email', 'zoë@exämple.de', '山田太郎', '😀 emoji', 'x'.repeat(40_000)];
    for (let i = 0; i < 100_000; i++) values.push(`customer.${i}@example${i % 97}.com`);
    for (const value of values) strings.add(value);
    expect(strings.count).toBe(values.length);
    for (const i of [0, 1, 2, 3, 4, 5, 6, 50_000, values.length - 1]) expect(strings.get(i)).toBe(values[i]);
    // Packed: the text's bytes and an offset each, not a JS string each (within the doubling slack).
    const textBytes = values.reduce((sum, value) => sum + Buffer.byteLength(value), 0);
    expect(strings.byteLength).toBeLessThan(2 * textBytes + 8 * values.length);
  });

  it('reads an index the workbook does not have as an empty cell', () => {
    const strings = new SharedStrings();
    strings.add('only');
    expect([strings.get(1), strings.get(-1), strings.get(Number.NaN)]).toEqual(['', '', '']);
  });
});
