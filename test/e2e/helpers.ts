/** Small helpers for the browser-mode journey: drop a file, capture a screen (light + dark + axe), fixtures. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { csvText } from '../fixtures/generate.js';
import { repoRoot } from './serve.js';

export const SCREENS_DIR = path.join(repoRoot, 'test-results', 'screens');

/** Drops a file on the window as the OS would: a File built in the page from the fixture's bytes. */
export async function dropFile(page: Page, filePath: string, mimeType = 'text/csv'): Promise<void> {
  const base64 = fs.readFileSync(filePath).toString('base64');
  await page.evaluate(
    ({ base64, name, mimeType }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: mimeType }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { base64, name: path.basename(filePath), mimeType },
  );
}

export interface AxeProblem {
  screen: string;
  scheme: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Screenshots the current screen in light and dark (test-results/screens/<name>-<scheme>.png) and
 * runs axe-core in each; serious and critical violations fail the test (softly, so the journey goes on
 * and every screen's problems are reported).
 */
export async function captureScreen(page: Page, name: string): Promise<AxeProblem[]> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const problems: AxeProblem[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    // Let the theme's transitions settle before the picture and the contrast checks.
    await page.waitForTimeout(150);
    // The main area scrolls inside the shell, so a full-page picture would only add blank space.
    await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${scheme}.png`) });
    const results = await new AxeBuilder({ page }).analyze();
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      problems.push({
        screen: name,
        scheme,
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  expect.soft(problems, `axe: serious or critical violations on ${name}`).toEqual([]);
  return problems;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The normalized email of customer `i` (what Pinlist hashes). */
export function customerEmail(i: number): string {
  return `customer.${i}@example.com`;
}

export const INVALID_EMAILS = ['not an email', 'missing-at.example.com'] as const;

/**
 * A customer file: one row per i in [from, to) (every 50th written with spaces and capitals, to
 * exercise normalization), with two duplicate rows and the two invalid emails early on, inside
 * the 200-row preview.
 */
export function customersCsv(from: number, to: number): string {
  const rows: string[][] = [['Email', 'Name']];
  for (let i = from; i < to; i++) {
    const email = i % 50 === 0 ? `  Customer.${i}@EXAMPLE.com ` : customerEmail(i);
    rows.push([email, `Customer ${i}`]);
    if (i === from + 4) {
      rows.push([customerEmail(from), 'Duplicate'], [customerEmail(from + 1), 'Duplicate']);
      for (const bad of INVALID_EMAILS) rows.push([bad, 'Broken']);
    }
  }
  return csvText(rows);
}

export function expectedHashes(from: number, to: number): Set<string> {
  const hashes = new Set<string>();
  for (let i = from; i < to; i++) hashes.add(sha256Hex(customerEmail(i)));
  return hashes;
}
