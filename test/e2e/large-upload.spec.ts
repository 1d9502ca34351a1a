/**
 * Browser mode with a file too large to upload before the preview: the preview shows from the
 * file's head while the rest is still held back on its way, and the import then reads every row.
 */
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBigCsv } from '../fixtures/generate.js';
import { startPinlistServe, type ServedPinlist } from './serve.js';

const ROWS = 400_000;

let served: ServedPinlist;
let workDir: string;
let csvPath: string;

test.beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-large-'));
  csvPath = await writeBigCsv(workDir, 'large-export.csv', ROWS);
  served = await startPinlistServe();
});

test.afterAll(async () => {
  await served?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('the preview of a large file shows before its upload ends; the import reads all of it', async ({ page }) => {
  test.setTimeout(120_000);
  expect(fs.statSync(csvPath).size, 'the fixture must be large enough to go head first').toBeGreaterThan(16 * 1024 * 1024);
  let releaseRest!: () => void;
  const restMayGo = new Promise<void>((resolve) => (releaseRest = resolve));
  let restHeld = false;
  await page.route('**/api/upload/rest**', async (route) => {
    restHeld = true;
    await restMayGo;
    await route.continue();
  });

  await page.goto(served.url);
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Import your first file' }).click();
  await main.getByLabel('Choose a file to import').setInputFiles(csvPath);
  await expect(main.getByLabel('Kind of column Email')).toHaveValue('email', { timeout: 15_000 });
  await expect(page.getByTestId('preview-counts')).toContainText('200 valid');
  await expect(main.getByRole('region', { name: 'Preview rows' }).getByRole('cell', { name: 'customer.200@example6.com', exact: true }).first()).toBeVisible();
  expect(restHeld, 'the rest of the file was still on its way while the preview showed').toBe(true);

  await main.getByRole('button', { name: 'Continue' }).click();
  await main.getByLabel('Name of the new list').fill('Large');
  releaseRest();
  await expect(page.getByTestId('import-effect')).toContainText(/adds 400,000/, { timeout: 60_000 });
  await main.getByRole('button', { name: 'Import into Large' }).click();
  await expect(page.getByTestId('import-summary')).toContainText(/\+400,000 added/, { timeout: 60_000 });
});
