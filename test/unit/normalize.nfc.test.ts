import { describe, expect, it } from 'vitest';
import { normalizeIdentifier } from '../../shared/normalize.js';

describe('email normalization stays NFC after lowercasing', () => {
  // Found by the property test (fast-check seed -513671187): lowercasing 'Υ̓́' (U+03A5 U+0313 U+0301)
  // after NFC gave a decomposed 'ὔ', so the same address could be hashed from two byte sequences.
  it('gives the composed form for an uppercase Greek letter with combining marks', () => {
    const result = normalizeIdentifier('email', '\u03a5\u0313\u0301@A.COM');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBe(result.value.normalize('NFC'));
    expect(result.value).toBe('\u1f54@a.com');
    expect(normalizeIdentifier('email', result.value)).toEqual(result);
  });
});
