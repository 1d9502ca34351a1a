/**
 * A 1M-member list (imported with the CLI into the data folder before the page opens): its members
 * table scrolls through the whole list while only a bounded number of rows is in the DOM.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeBigCsv } from '../fixtures/generate.js';
import { captureScreen } from './helpers.js';
import { makeDataDir, repoRoot, startPinlistServe, type ServedPinlist } from './serve.js';

const run = promisify(execFile);
const MEMBERS = 1_000_000;
const LIST = 'Everyone';

let served: ServedPinlist;
let workDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-members-'));
  const csv = await writeBigCsv(workDir, 'everyone.csv', MEMBERS);
  const dataDir = makeDataDir();
  await run(process.execPath, [path.join(repoRoot, 'bin', 'pinlist.js'), '--data-dir', dataDir, 'import', csv, '--list', LIST, '--json'], { timeout: 100_000 });
  fs.rmSync(csv);
  served = await startPinlistServe({}, { dataDir });
});

test.afterAll(async () => {
  await served?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('a 1M-member list scrolls with a bounded DOM', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(served.url);
  await page.getByRole('main').getByRole('link', { name: LIST }).click();
  await expect(page.getByTestId('list-total')).toContainText('1,000,000');
  const table = page.getByRole('table', { name: /member hashes/ });
  await expect(table).toHaveAttribute('aria-rowcount', String(MEMBERS + 1));
  const firstRow = table.getByRole('row').nth(1);
  await expect(firstRow).toContainText(/[0-9a-f]{64}/, { timeout: 10_000 });
  const firstHash = /[0-9a-f]{64}/.exec((await firstRow.textContent()) ?? '')?.[0];

  const rowsInDom = () => table.getByRole('row').count();
  expect(await rowsInDom()).toBeLessThan(300);

  const scroller = page.getByRole('rowgroup', { name: /Scrollable .* table/ });
  const seen = new Set<string>([firstHash!]);
  for (const fraction of [0.25, 0.5, 0.999, 1]) {
    await scroller.evaluate((element, f) => {
      element.scrollTop = (element.scrollHeight - element.clientHeight) * f;
    }, fraction);
    // Rows far from the top, with their hashes loaded (the index shows where we are).
    // Polled: the virtualizer may swap rows for placeholders between two reads while a page loads.
    let visible: string[] = [];
    await expect
      .poll(
        async () => {
          visible = await table.getByRole('row').filter({ hasText: /[0-9a-f]{64}/ }).allTextContents();
          return visible.length;
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    for (const text of visible) {
      const hash = /[0-9a-f]{64}/.exec(text)?.[0];
      if (hash) seen.add(hash);
    }
    expect(await rowsInDom()).toBeLessThan(300);
  }
  // The last row is the millionth.
  await expect(table.getByRole('row').filter({ hasText: /^1,000,000/ })).toHaveCount(1);
  expect(seen.size, 'different hashes appear as the table scrolls').toBeGreaterThan(50);
  expect(seen.has(firstHash!)).toBe(true);
  const rowIndexes = await table.getByRole('row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('aria-rowindex'))));
  expect(Math.max(...rowIndexes)).toBe(MEMBERS + 1);

  await scroller.evaluate((element) => {
    element.scrollTop = 0;
  });
  await expect(firstRow).toContainText(firstHash!);
  await captureScreen(page, 'list-detail-1m');
});
