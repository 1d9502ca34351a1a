/**
 * The list's "On Pinterest" tab in browser mode against the fake Pinterest (issue 11): a list is
 * imported, synced and read twice with the CLI, then the tab shows the health cards (a 60 % match
 * rate), the chart, reach, the lookalike dialog and the sharing panel, allowed and refused. Every
 * screen is screenshotted in light and dark and checked with axe-core.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { runPinlistBinary, type CliResult } from '../helpers/cli.js';
import { captureScreen, customersCsv, openPage } from './helpers.js';
import { makeDataDir, startPinlistServe, type ServedPinlist } from './serve.js';

const AD_ACCOUNT = '549755813599';
const OTHER_AD_ACCOUNT = '549755813600';
const LIST = 'Spring customers';

let fake: FakePinterest;
let served: ServedPinlist;
let page: Page;
let env: NodeJS.ProcessEnv;
let dataDir: string;

test.describe.configure({ mode: 'serial' });

function pinlist(args: string[]): Promise<CliResult> {
  return runPinlistBinary([...args, '--data-dir', dataDir], { env });
}

async function ok(args: string[]): Promise<string> {
  const result = await pinlist(args);
  expect(result.code, `pinlist ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

test.beforeAll(async ({ browser }) => {
  fake = await startFakePinterest();
  fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Spring campaign' });
  fake.state.addAdAccount({ id: OTHER_AD_ACCOUNT, name: 'Agency sandbox' });
  dataDir = makeDataDir();
  env = { PINTEREST_API_BASE: fake.baseUrl, PINTEREST_OAUTH_URL: fake.oauthUrl, PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken };
  const file = path.join(dataDir, '..', `${path.basename(dataDir)}-customers.csv`);
  fs.writeFileSync(file, customersCsv(0, 300));
  await ok(['import', file, '--list', LIST]);
  fs.rmSync(file);
  const sync = JSON.parse(await ok(['sync', LIST, '--ad-account', AD_ACCOUNT, '--json'])) as { audiences: { email: { id: string } } };
  const audience = sync.audiences.email.id;
  // Two readings: 200 then 180 of the 300 confirmed members found (66.7 %, then 60 %).
  fake.state.setAudienceReading(audience, { size: 200 });
  await ok(['status', LIST]);
  fake.state.setAudienceReading(audience, { size: 180 });
  await ok(['status', LIST]);

  served = await startPinlistServe(env, { dataDir });
  page = await openPage(browser, served.url, { viewport: { width: 1280, height: 1000 } });
});

test.afterAll(async () => {
  await page?.context().close();
  await served?.stop();
  await fake?.close();
});

const main = () => page.getByRole('main');

async function openTab() {
  await page.evaluate(() => {
    window.location.hash = '#/lists/1/pinterest';
  });
  await expect(main().getByTestId('audience-panel')).toBeVisible({ timeout: 20_000 });
}

test('the health cards show the 60% match rate with its date, the chart and reach', async () => {
  await openTab();
  const email = main().getByTestId('health-email');
  await expect(email.getByLabel('Match rate 60%')).toBeVisible();
  await expect(email).toContainText('Ready');
  await expect(email).toContainText('180');
  await expect(main().getByText('Match rate over time (%)')).toBeVisible();
  await main().getByTestId('audience-panel').scrollIntoViewIfNeeded();
  await main().getByRole('tab', { name: 'On Pinterest' }).evaluate((tab) => tab.scrollIntoView({ block: 'start' }));
  await captureScreen(page, 'audiences-health');
  await main().getByRole('button', { name: 'Estimate reach' }).click();
  await expect(main().getByTestId('reach-card')).toContainText('108 – 162', { timeout: 20_000 });
  await captureScreen(page, 'audiences-reach');
});

test('the lookalike dialog explains the size and creates a lookalike under the list', async () => {
  await main().getByRole('button', { name: 'Create lookalike…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(/Emails/)).toBeChecked();
  await dialog.getByLabel(/Size:/).fill('2');
  await expect(dialog).toContainText('The most similar people');
  await captureScreen(page, 'audiences-lookalike-dialog');
  await dialog.getByRole('button', { name: 'Create lookalike' }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  await expect(main().getByTestId('lookalikes-card')).toContainText('Spring customers lookalike (US, 2%)');
  expect(fake.state.audiences().filter((a) => a.lookalike)).toHaveLength(1);
});

test('sharing with another ad account, then what to ask Pinterest for when it refuses', async () => {
  const panel = main().getByTestId('sharing-panel');
  await panel.getByLabel(/Agency sandbox/).check();
  await panel.getByRole('button', { name: 'Share' }).click();
  await expect(panel).toContainText('Shared with Agency sandbox', { timeout: 20_000 });
  await captureScreen(page, 'audiences-sharing');

  fake.state.sharingAllowed = false;
  await page.reload();
  await openTab();
  await expect(main().getByTestId('sharing-panel')).toContainText('ask Pinterest', { timeout: 20_000 });
  await expect(main().getByTestId('health-email')).toBeVisible();
  await captureScreen(page, 'audiences-sharing-refused');
  expect(fake.violations).toEqual([]);
});
