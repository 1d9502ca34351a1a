import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The renderer runs under `style-src 'self'; script-src 'self'`: no <style> elements, no inline
 * scripts, no HTML strings. React's style props go through the CSSOM, which the policy allows.
 */
const RENDERER = path.resolve(import.meta.dirname, '../../renderer');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(tsx?|html)$/.test(entry.name) ? [full] : [];
  });
}

const FORBIDDEN: readonly [RegExp, string][] = [
  [/<style[\s>]/, 'a <style> element'],
  [/createElement\(\s*['"]style['"]/, 'a created <style> element'],
  [/dangerouslySetInnerHTML/, 'HTML injected as a string'],
  [/\.innerHTML\s*=/, 'innerHTML assignment'],
  [/<script(?![^>]*\bsrc=)[^>]*>/, 'an inline <script>'],
  [/https?:\/\/(fonts\.googleapis|fonts\.gstatic|cdn\.|unpkg\.com|cdnjs)/, 'an external font or CDN'],
];

describe('renderer and the content security policy', () => {
  it('has no inline styles or scripts and loads nothing from other origins', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(RENDERER)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [pattern, what] of FORBIDDEN) {
        if (pattern.test(text)) problems.push(`${path.relative(RENDERER, file)}: ${what}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
