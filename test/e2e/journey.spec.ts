/**
 * The whole analyst journey in browser mode against the fake Pinterest: import (drop and picker),
 * remap, rejects, connect, dry run, sync, diff sync, shrink guard, cancelled import, an
 * openpyxl-style workbook whose data is on its second sheet, suppression then export, and a
 * narrow-window (900×700) pass; every screen screenshotted in light and dark and checked with axe-core.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { writeBigCsv } from '../fixtures/generate.js';
import { startTestKeychain, type TestKeychain } from '../integration/helpers/secret-service.js';
import { captureScreen, customerEmail, openPage, customersCsv, dropFile, expectedHashes, INVALID_EMAILS, openpyxlWorkbook, sha256Hex } from './helpers.js';
import { startPinlistServe, type ServedPinlist } from './serve.js';

const AD_ACCOUNT = '549755813599';
const OTHER_AD_ACCOUNT = '549755813600';
const LIST = 'Spring customers';

let fake: FakePinterest;
let served: ServedPinlist;
let keychain: TestKeychain | null = null;
let page: Page;
let workDir: string;
const files: Record<string, string> = {};

// Each step screenshots two schemes and runs axe twice: on a loaded two-core machine that alone takes
// most of Playwright's default minute.
test.describe.configure({ mode: 'serial', timeout: 150_000 });

let keychainReason: string | null = null;

// Before the browser fixture (it comes with the next hook): started after Chromium, the private
// Secret Service's probe failed here with "unlock prompt was dismissed"; started first, it works.
test.beforeAll(async () => {
  const sessionBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  const started = await startTestKeychain();
  keychain = started.keychain;
  keychainReason = started.reason;
  // This process has connected already; Chromium must not join the private bus, or it dies with
  // it when afterAll stops the keychain, taking the worker's shared browser down.
  if (sessionBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = sessionBus;
});

test.beforeAll(async ({ browser }) => {
  fake = await startFakePinterest();
  fake.state.addAdAccount({ id: OTHER_AD_ACCOUNT, name: 'Agency sandbox' });
  fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Spring campaign' });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-journey-'));
  const write = (name: string, text: string) => {
    files[name] = path.join(workDir, name);
    fs.writeFileSync(files[name], text);
  };
  write('customers.csv', customersCsv(0, 300));
  write('customers-april.csv', customersCsv(20, 330));
  write('customers-vip.csv', customersCsv(20, 130));

  const env: NodeJS.ProcessEnv = {
    PINTEREST_API_BASE: fake.baseUrl,
    PINTEREST_OAUTH_URL: fake.oauthUrl,
    ...(keychain ? { ...keychain.env, PINLIST_KEYCHAIN_SERVICE: keychain.service() } : {}),
  };
  if (!keychain) {
    console.warn(`No Secret Service (${keychainReason ?? 'unknown'}): connecting through PINTEREST_ACCESS_TOKEN instead of a pasted token.`);
    env.PINTEREST_ACCESS_TOKEN = fake.state.issueToken().accessToken;
  }
  served = await startPinlistServe(env);
  // Shared by the serial tests.
  page = await openPage(browser, served.url, { acceptDownloads: true, viewport: { width: 1280, height: 860 } });
});

test.afterAll(async () => {
  await page?.context().close();
  await served?.stop();
  await keychain?.stop();
  await fake?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const main = () => page.getByRole('main');

const HEADINGS = { Lists: 'Lists', Suppression: 'Suppression list', Sync: 'Sync to Pinterest', Settings: 'Settings' } as const;

/** Navigates and waits for the screen, so what the test does next reaches that screen. */
async function goTo(label: keyof typeof HEADINGS) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
  await expect(main().getByRole('heading', { level: 1, name: HEADINGS[label] })).toBeVisible();
}

function previewCounts() {
  return page.getByTestId('preview-counts');
}

async function chooseFile(filePath: string) {
  await main().getByLabel('Choose a file to import').setInputFiles(filePath);
}

/** From the Destination step: waits for the effect sentence, then imports. */
async function importWhenPlanned(effect: RegExp) {
  await expect(page.getByTestId('import-effect')).toContainText(effect, { timeout: 20_000 });
  await main().getByRole('button', { name: `Import into ${LIST}` }).click();
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
}

async function remoteMembers(): Promise<Set<string>> {
  const lists = fake.state.customerLists().filter((list) => list.adAccountId === AD_ACCOUNT);
  expect(lists, 'one customer list (emails) in the chosen ad account').toHaveLength(1);
  return fake.state.membership(lists[0]!.id);
}

async function dryRun() {
  await main().getByRole('button', { name: /^Dry run( again)?$/ }).click();
  const report = page.getByTestId('dry-run-report');
  await expect(report).toBeVisible({ timeout: 20_000 });
  return report;
}

async function waitForSynced() {
  const result = main().getByRole('region', { name: 'Sync result' }).or(main().getByTestId('sync-report'));
  await expect(main().getByText('Pinterest confirmed every change')).toBeVisible({ timeout: 30_000 });
  return result;
}

test('the empty home, Settings and Suppression screens', async () => {
  await expect(main().getByText('No lists yet')).toBeVisible();
  await expect(main().getByRole('button', { name: 'Import your first file' })).toBeVisible();
  await captureScreen(page, 'lists-empty');
  await goTo('Settings');
  await expect(main().getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(main().getByText(served.dataDir).first()).toBeVisible();
  await captureScreen(page, 'settings');
  await goTo('Suppression');
  await expect(main().getByRole('heading', { level: 1, name: 'Suppression list' })).toBeVisible();
  await captureScreen(page, 'suppression');
  await goTo('Lists');
});

test('import a fixture by drop, remap a column and see the preview change, then import it', async () => {
  await dropFile(page, files['customers.csv']!);
  await expect(main().getByRole('heading', { level: 1, name: 'Import a file' })).toBeVisible();
  const emailKind = main().getByLabel('Kind of column Email');
  await expect(emailKind).toHaveValue('email', { timeout: 10_000 });
  await expect(previewCounts()).toContainText('196 valid values');
  await expect(previewCounts()).toContainText('2 duplicates');
  await expect(previewCounts()).toContainText('2 rejected');
  // The normalized and hashed value of a messy row are shown before anything is written.
  const preview = main().getByRole('region', { name: 'Preview rows' });
  await expect(preview.getByRole('cell', { name: 'customer.50@example.com', exact: true })).toBeVisible();
  await captureScreen(page, 'import-columns');

  // Remap: Email → Ignore leaves nothing to import; Name → Email makes names the (rejected) emails.
  await emailKind.selectOption('ignore');
  // Nothing mapped: the rows as read, every column (no filter can hide them), and no Continue.
  await expect(preview.getByRole('columnheader', { name: 'Name' })).toBeVisible();
  await expect(preview.getByRole('cell', { name: 'Customer 7', exact: true })).toBeVisible();
  await expect(previewCounts()).toBeHidden();
  await expect(main().getByRole('button', { name: 'Continue' })).toBeDisabled();
  await main().getByLabel('Kind of column Name').selectOption('email');
  await expect(previewCounts()).toContainText('0 valid values');
  await expect(previewCounts()).toContainText('200 rejected');
  await expect(preview.getByRole('cell', { name: 'Customer 7', exact: true })).toBeVisible();
  // And back.
  await main().getByLabel('Kind of column Name').selectOption('ignore');
  await emailKind.selectOption('email');
  await expect(previewCounts()).toContainText('196 valid values');

  await main().getByRole('button', { name: 'Continue' }).click();
  await main().getByLabel('Name of the new list').fill(LIST);
  await expect(page.getByTestId('import-effect')).toContainText(/Creates “Spring customers”: adds 300, removes 0; 0 suppressed, 2 rejected, 2 duplicates/, { timeout: 20_000 });
  await captureScreen(page, 'import-destination');
  await main().getByRole('button', { name: `Import into ${LIST}` }).click();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary.getByRole('alert').or(summary.getByRole('status')).first()).toContainText(/\+300 added/);
  await captureScreen(page, 'import-summary');
});

test('see the rejects and download them as CSV', async () => {
  const download = page.waitForEvent('download');
  await main().getByRole('button', { name: 'Save rejects as CSV' }).click();
  const file = await download;
  const csv = fs.readFileSync((await file.path())!, 'utf8');
  for (const bad of INVALID_EMAILS) expect(csv).toContain(bad);
  expect(csv.trim().split(/\r?\n/)).toHaveLength(1 + INVALID_EMAILS.length);

  await main().getByRole('button', { name: `Open ${LIST}` }).click();
  await expect(main().getByRole('heading', { level: 1, name: LIST })).toBeVisible();
  await expect(page.getByTestId('list-total')).toContainText('300');
  await expect(page.getByTestId('members-table').getByRole('row').nth(1)).toContainText(/[0-9a-f]{64}/, { timeout: 10_000 });
  await captureScreen(page, 'list-detail');
  await main().getByRole('tab', { name: /Rejected rows/ }).click();
  const rejects = main().getByRole('table', { name: 'Rejected rows' });
  for (const bad of INVALID_EMAILS) await expect(rejects.getByRole('cell', { name: bad, exact: true })).toBeVisible();
  await captureScreen(page, 'list-rejects');
  const again = page.waitForEvent('download');
  await main().getByRole('button', { name: 'Save as CSV' }).click();
  expect(fs.readFileSync((await (await again).path())!, 'utf8')).toContain(INVALID_EMAILS[0]);
});

test('connect with a pasted token, pick an ad account, dry-run and sync; success and history', async () => {
  await goTo('Sync');
  await expect(main().getByRole('heading', { level: 1, name: 'Sync to Pinterest' })).toBeVisible();
  if (keychain) {
    await expect(main().getByLabel('Access token')).toBeVisible();
    await captureScreen(page, 'sync-connect');
    await main().getByLabel('Access token').fill(fake.state.issueToken().accessToken);
    await main().getByRole('button', { name: 'Connect' }).click();
  }
  await expect(page.getByTestId('connection')).toContainText('@pinlist_demo', { timeout: 15_000 });
  const account = main().getByRole('combobox', { name: 'Ad account' });
  await expect(account).toBeVisible({ timeout: 15_000 });
  await account.selectOption(AD_ACCOUNT);

  const report = await dryRun();
  await expect(report.getByRole('group', { name: 'What the sync would send' }).or(report)).toContainText('+300');
  expect(fake.state.writeRequestCount, 'a dry run writes nothing').toBe(0);
  await captureScreen(page, 'sync-dry-run');

  await main().getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced();
  const runs = main().getByRole('table', { name: 'Sync runs' });
  await expect(runs.getByRole('row')).toHaveCount(2, { timeout: 10_000 });
  await expect(runs.getByRole('row').nth(1)).toContainText('+300');
  await expect(runs.getByRole('row').nth(1)).toContainText(AD_ACCOUNT);
  await captureScreen(page, 'sync-result');

  expect(await remoteMembers()).toEqual(expectedHashes(0, 300));
  expect(fake.violations).toEqual([]);
});

test('re-import a changed file by the picker, then sync exactly the diff', async () => {
  await goTo('Lists');
  await expect(main().getByRole('link', { name: LIST })).toBeVisible();
  await captureScreen(page, 'lists');
  await main().getByRole('link', { name: LIST }).click();
  await main().getByRole('button', { name: 'Import into this list' }).click();
  await expect(main().getByText(`Importing into ${LIST}.`)).toBeVisible();
  await captureScreen(page, 'import-file');
  await chooseFile(files['customers-april.csv']!);
  await expect(previewCounts()).toContainText('196 valid values', { timeout: 10_000 });
  await main().getByRole('button', { name: 'Continue' }).click();
  await main().getByRole('group', { name: 'Mode' }).getByRole('radio', { name: /^Replace/ }).check();
  await importWhenPlanned(/Adds 30, removes 20/);

  const before = await remoteMembers();
  const mark = fake.state.requests.length;
  await goTo('Sync');
  const report = await dryRun();
  await expect(report).toContainText('+30');
  await expect(report).toContainText('\u221220');
  await main().getByRole('button', { name: 'Sync now' }).click();
  await waitForSynced();
  const runs = main().getByRole('table', { name: 'Sync runs' });
  await expect(runs.getByRole('row')).toHaveCount(3, { timeout: 10_000 });
  await expect(runs.getByRole('row').nth(1)).toContainText('+30');
  await expect(runs.getByRole('row').nth(1)).toContainText('\u221220');
  const chart = main().getByRole('figure', { name: 'List size and synced size over time' });
  await chart.scrollIntoViewIfNeeded();
  await expect(chart.locator('.recharts-line')).toHaveCount(2);
  await captureScreen(page, 'sync-history');

  const after = await remoteMembers();
  expect(after).toEqual(expectedHashes(20, 330));
  const added = [...after].filter((hash) => !before.has(hash));
  const removed = [...before].filter((hash) => !after.has(hash));
  expect(added.sort()).toEqual([...expectedHashes(300, 330)].sort());
  expect(removed.sort()).toEqual([...expectedHashes(0, 20)].sort());
  const writes = fake.state.requests.slice(mark).filter((request) => request.operation === 'customer_lists/update' && request.status === 200);
  expect(writes.reduce((sum, request) => sum + (request.records ?? 0), 0), 'the write requests carry exactly the diff').toBe(50);
});

test('a shrink guard names the numbers and needs confirming', async () => {
  await goTo('Lists');
  await main().getByRole('link', { name: LIST }).click();
  await main().getByRole('button', { name: 'Import into this list' }).click();
  await chooseFile(files['customers-vip.csv']!);
  await expect(previewCounts()).toContainText('110 valid values', { timeout: 10_000 });
  await main().getByRole('button', { name: 'Continue' }).click();
  await main().getByRole('group', { name: 'Mode' }).getByRole('radio', { name: /^Replace/ }).check();
  await importWhenPlanned(/Adds 0, removes 200/);

  await goTo('Sync');
  const report = await dryRun();
  await expect(report).toContainText('\u2212200');
  await expect(main().getByText('This sync needs your confirmation')).toBeVisible();
  const writesBefore = fake.state.writeRequestCount;
  await main().getByRole('button', { name: 'Sync now' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Remove 200 members from Pinterest?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('removes 200 of the 310 members Pinterest holds');
  await expect(dialog).toContainText('110 would remain');
  await captureScreen(page, 'sync-shrink-guard');
  // Backing out sends nothing.
  await dialog.getByRole('button', { name: 'Don’t sync' }).click();
  await expect(dialog).toBeHidden();
  expect(fake.state.writeRequestCount).toBe(writesBefore);

  await main().getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Sync and remove 200' }).click();
  await waitForSynced();
  expect(await remoteMembers()).toEqual(expectedHashes(20, 130));
  expect(fake.violations).toEqual([]);
});

test('a cancelled import changes nothing', async () => {
  test.setTimeout(120_000);
  const big = await writeBigCsv(workDir, 'everyone.csv', 2_000_000);
  await goTo('Lists');
  await main().getByRole('link', { name: LIST }).click();
  await expect(page.getByTestId('list-total')).toContainText('110');
  await main().getByRole('tab', { name: /Import history/ }).click();
  const historyTab = main().getByRole('tab', { name: /Import history/ });
  const historyBefore = await historyTab.textContent();
  await main().getByRole('button', { name: 'Import into this list' }).click();
  await chooseFile(big);
  await expect(previewCounts()).toContainText('valid values', { timeout: 30_000 });
  await main().getByRole('button', { name: 'Continue' }).click();
  await main().getByRole('group', { name: 'Mode' }).getByRole('radio', { name: /^Add/ }).check();
  // Import without waiting for the effect, then cancel as soon as it runs.
  await main().getByRole('button', { name: /^Import( into .*)?$/ }).click();
  // Mid-way: some rows read (the progress says how many), far from all 2M.
  const progress = main().getByRole('progressbar', { name: 'Import progress' });
  // Polled often: on a fast machine the whole file is read in a few seconds.
  await expect.poll(() => progress.getAttribute('aria-valuetext'), { timeout: 15_000, intervals: [50] }).toMatch(/^[1-9][\d,]* (of|rows)/);
  await main().getByRole('button', { name: 'Cancel import' }).click();
  await expect(main().getByText('Import cancelled', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(main().getByText(`${LIST} is exactly as it was before.`)).toBeVisible();

  await goTo('Lists');
  await main().getByRole('link', { name: LIST }).click();
  await expect(page.getByTestId('list-total')).toContainText('110');
  await expect(main().getByRole('tab', { name: /Import history/ })).toHaveText(historyBefore ?? '');
  fs.rmSync(big);
});

const WORKBOOK_LIST = 'Workbook buyers';
/** Customers 500–559 are the workbook's; the first five of them opt out. */
const WORKBOOK_FROM = 500;
const WORKBOOK_TO = 560;
const OPTED_OUT = [500, 501, 502, 503, 504];

test('an openpyxl workbook: the data on its second sheet, chosen by name, by keyboard', async () => {
  const workbook = path.join(workDir, 'crm-export.xlsx');
  const customers: string[][] = [['Email', 'Customer ID']];
  for (let i = WORKBOOK_FROM; i < WORKBOOK_TO; i++) customers.push([customerEmail(i), `C-${i}`]);
  fs.writeFileSync(
    workbook,
    openpyxlWorkbook([
      { name: 'Read me', rows: [['Exported by', 'crm.py'], ['Date', '2026-03-01']] },
      { name: 'Customers 2026', rows: customers },
    ]),
  );

  await goTo('Lists');
  await page.getByRole('complementary').getByRole('button', { name: 'Import file' }).click();
  await chooseFile(workbook);
  // Focus follows the wizard to its new step; the file card calls a workbook a workbook.
  await expect(main().getByRole('heading', { level: 2, name: 'Columns' })).toBeFocused({ timeout: 15_000 });
  await expect(main().locator('.file-summary-icon')).toHaveText('XLSX');
  await expect(main()).not.toContainText('--map');

  const sheet = main().getByRole('combobox', { name: 'Sheet' });
  await expect(sheet).toBeVisible();
  await sheet.selectOption('Customers 2026');
  await expect(previewCounts()).toContainText(`${WORKBOOK_TO - WORKBOOK_FROM} valid values`, { timeout: 15_000 });
  // The card and the dropdown name the same sheet.
  await expect(main().locator('.file-summary')).toContainText('sheet “Customers 2026”');
  await expect(sheet).toHaveValue('Customers 2026');
  await captureScreen(page, 'workbook-columns');

  await main().getByRole('button', { name: 'Continue' }).focus();
  await page.keyboard.press('Enter');
  await expect(main().getByRole('heading', { level: 2, name: 'Destination' })).toBeFocused();
  await main().getByLabel('Name of the new list').fill(WORKBOOK_LIST);
  await expect(page.getByTestId('import-effect')).toContainText(`Creates “${WORKBOOK_LIST}”: adds ${WORKBOOK_TO - WORKBOOK_FROM}, removes 0`, { timeout: 20_000 });
  await main().getByRole('button', { name: `Import into ${WORKBOOK_LIST}` }).focus();
  await page.keyboard.press('Enter');
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(summary).toBeFocused();
  await expect(page.getByTestId('wizard-announcement')).toHaveText(`Imported into ${WORKBOOK_LIST}: +${WORKBOOK_TO - WORKBOOK_FROM} added, \u22120 removed.`);
});

test('suppression then export: the opted-out are named, counted and left out of the file', async () => {
  const optOuts = path.join(workDir, 'opt-outs.csv');
  fs.writeFileSync(optOuts, ['email', ...OPTED_OUT.map(customerEmail)].join('\n') + '\n');
  await goTo('Suppression');
  await main().getByLabel('Choose an opt-out file').setInputFiles(optOuts);
  await expect(main().getByLabel('Kind of column email')).toHaveValue('email', { timeout: 15_000 });
  await main().getByRole('button', { name: 'Import opt-outs' }).click();
  await expect(main().getByText('Suppression list updated')).toBeVisible({ timeout: 20_000 });
  const affected = main().getByTestId('affected-lists');
  await expect(affected).toContainText(WORKBOOK_LIST);
  await expect(affected).toContainText('5 members suppressed');

  // Is this person suppressed? Said as a fact, not as a success.
  await main().getByLabel('Email or ad ID to look up').fill(customerEmail(OPTED_OUT[0]!));
  await main().getByRole('button', { name: 'Check' }).click();
  const answer = main().locator('.alert', { hasText: 'This person is on the suppression list' });
  await expect(answer).toBeVisible();
  await expect(answer).not.toHaveClass(/tone-success/);
  await captureScreen(page, 'suppression-after-import');

  await goTo('Lists');
  const row = main().getByRole('row', { name: new RegExp(WORKBOOK_LIST) });
  await expect(row).toContainText('5 suppressed');
  await expect(row).toContainText(`${WORKBOOK_TO - WORKBOOK_FROM - OPTED_OUT.length} to Pinterest`);
  await main().getByRole('link', { name: WORKBOOK_LIST }).click();
  await expect(page.getByTestId('list-suppressed')).toContainText('5');

  const download = page.waitForEvent('download');
  await main().getByRole('button', { name: /^Export .* for Ads Manager$/ }).click();
  const csv = fs.readFileSync((await (await download).path())!, 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(WORKBOOK_TO - WORKBOOK_FROM - OPTED_OUT.length);
  for (const i of OPTED_OUT) expect(lines).not.toContain(sha256Hex(customerEmail(i)));
  expect(lines).toContain(sha256Hex(customerEmail(WORKBOOK_TO - 1)));
  await expect(page.getByText(/5 members on the suppression list left out/)).toBeVisible();

  // The list's own lookup explains why.
  await main().getByLabel('Email or ad ID to look up').fill(customerEmail(OPTED_OUT[1]!));
  await main().getByRole('button', { name: 'Check' }).click();
  await expect(main().getByText('In the list, but suppressed: not sent to Pinterest')).toBeVisible();
  await expect(main().getByTestId('lookup-why')).toContainText('On the suppression list');
  await expect(main().getByTestId('lookup-why')).toContainText('Added by import');
  await captureScreen(page, 'list-suppressed-lookup');
});

test('an unreadable workbook stays on the File step; unknown headers show the dropdowns and the rows', async () => {
  const fake = path.join(workDir, 'quarterly.xlsx');
  fs.writeFileSync(fake, Buffer.from('%PDF-1.7\n' + '\u0000\u0001binary'.repeat(200), 'latin1'));
  await page.getByRole('complementary').getByRole('button', { name: 'Import file' }).click();
  await chooseFile(fake);
  const error = main().getByTestId('unreadable-file');
  await expect(error).toContainText('“quarterly.xlsx” is not a readable Excel workbook (.xlsx)', { timeout: 15_000 });
  await expect(error).toBeFocused();
  await expect(main().getByRole('list', { name: 'Import steps' }).locator('[aria-current="step"]')).toContainText('File');
  await expect(main().getByRole('button', { name: /Choose (another )?file/ })).toHaveText(['Choose another file']);
  await expect(main()).not.toContainText('binary data');
  await captureScreen(page, 'import-unreadable');

  const unknown = path.join(workDir, 'kunden.csv');
  fs.writeFileSync(unknown, 'Kunde,Telefon\nAnn,+49 151 1234567\nBob,+49 151 7654321\n');
  await chooseFile(unknown);
  await expect(main().getByLabel('Kind of column Telefon')).toBeVisible({ timeout: 15_000 });
  await expect(main()).not.toContainText('--map');
  await expect(main()).not.toContainText('Pinlist detected these identifier columns');
  await expect(main().getByRole('region', { name: 'Preview rows' }).getByRole('cell', { name: '+49 151 7654321' })).toBeVisible();
  await captureScreen(page, 'import-no-identifier');
});

test('a narrow window (900×700): icons-only sidebar, the key columns kept, only the main pane scrolls', async () => {
  await page.setViewportSize({ width: 900, height: 700 });
  try {
    await goTo('Lists');
    const sidebar = await page.locator('.sidebar').boundingBox();
    expect(sidebar?.width ?? 0, 'the sidebar collapses to its icons').toBeLessThan(100);
    await expect(main().getByRole('columnheader', { name: 'On Pinterest' })).toBeInViewport({ ratio: 1 });
    // The page never scrolls; the main pane does.
    await main().evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    expect(await page.evaluate(() => [window.scrollY, document.scrollingElement!.scrollHeight - window.innerHeight])).toEqual([0, 0]);
    await captureScreen(page, 'narrow-lists');

    await main().getByRole('link', { name: WORKBOOK_LIST }).click();
    await main().getByRole('tab', { name: /Import history/ }).click();
    const history = main().getByRole('table', { name: 'Import history' });
    await expect(history.getByRole('row').nth(1)).toContainText('Created');
    await expect(history.getByRole('row').nth(1).getByRole('cell').last()).toHaveText(/^\d+(\.\d)? s$/);
    const fileCell = history.getByRole('row').nth(1).locator('.file-cell .truncate');
    await expect(fileCell).toHaveAttribute('title', 'crm-export.xlsx');
    await history.scrollIntoViewIfNeeded();
    await captureScreen(page, 'narrow-import-history');
    const tableBox = await history.boundingBox();
    expect((tableBox?.x ?? 0) + (tableBox?.width ?? 0), 'the history table fits the window').toBeLessThanOrEqual(900);

    // Several identifier columns: the preview keeps its Status column in view.
    const several = path.join(workDir, 'several-ids.csv');
    const rows = [['Email', 'MAID', 'IDFA', 'Customer name']];
    for (let i = 0; i < 30; i++) {
      rows.push([customerEmail(900 + i), `38400000-8cf0-11bd-b23e-10b96e4${String(10000 + i).padStart(5, '0')}`, `EA7583CD-A667-48BC-B806-42ECB2B${String(10000 + i).padStart(5, '0')}`, `Customer with a rather long name ${i}`]);
    }
    fs.writeFileSync(several, rows.map((row) => row.join(',')).join('\n') + '\n');
    await page.getByRole('complementary').getByRole('button', { name: 'Import file' }).click();
    await chooseFile(several);
    await expect(previewCounts()).toContainText('90 valid values', { timeout: 15_000 });
    // Scrolled down to the table (not sideways inside it): its Status column is in view as it is.
    await main().getByRole('region', { name: 'Preview rows' }).scrollIntoViewIfNeeded();
    await expect(main().getByRole('columnheader', { name: 'Status' })).toBeInViewport({ ratio: 1 });
    await expect(main().getByRole('region', { name: 'Preview rows' }).getByText('Valid').first()).toBeInViewport({ ratio: 1 });
    await captureScreen(page, 'narrow-preview-several-ids');

    await goTo('Sync');
    await captureScreen(page, 'narrow-sync');
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
});
