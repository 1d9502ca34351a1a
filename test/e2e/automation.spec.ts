/**
 * Automation in browser mode (issue 10): a list with a folder source and a schedule, refreshed and
 * synced from the CLI, then a shrinking export the shrink guard holds. The Lists table shows the
 * changes waiting, the list's Automation panel its runs, the Alerts view the held sync; each screen
 * screenshotted in light and dark and checked with axe-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startFakePinterest, type FakePinterest } from '../fake-pinterest/server.js';
import { runPinlistBinary, type CliResult } from '../helpers/cli.js';
import { captureScreen, customersCsv, openPage } from './helpers.js';
import { makeDataDir, startPinlistServe, type ServedPinlist } from './serve.js';

const AD_ACCOUNT = '549755813599';
const LIST = 'CRM contacts';

let fake: FakePinterest;
let served: ServedPinlist;
let page: Page;
let workDir: string;
let env: NodeJS.ProcessEnv;

test.describe.configure({ mode: 'serial' });

function pinlist(args: string[]): Promise<CliResult> {
  return runPinlistBinary(args, { env });
}

test.beforeAll(async ({ browser }) => {
  fake = await startFakePinterest();
  fake.state.addAdAccount({ id: AD_ACCOUNT, name: 'Spring campaign' });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-automation-'));
  const drop = path.join(workDir, 'drop');
  fs.mkdirSync(drop);
  const dataDir = makeDataDir();
  env = { PINTEREST_API_BASE: fake.baseUrl, PINTEREST_OAUTH_URL: fake.oauthUrl, PINTEREST_ACCESS_TOKEN: fake.state.issueToken().accessToken, PINLIST_DATA_DIR: dataDir };

  fs.writeFileSync(path.join(drop, 'contacts_1.csv'), customersCsv(0, 300));
  expect((await pinlist(['source', LIST, '--folder', drop, '--pattern', 'contacts_*.csv'])).code).toBe(0);
  expect((await pinlist(['schedule', LIST, '--daily', '06:00', '--ad-account', AD_ACCOUNT])).code).toBe(0);
  const first = await pinlist(['refresh', LIST, '--sync', '--json']);
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ outcome: 'ok', sync: { added: 300, removed: 0 } });
  // The next export lost two thirds of the people: held, not sent.
  fs.writeFileSync(path.join(drop, 'contacts_2.csv'), customersCsv(0, 100));
  fs.utimesSync(path.join(drop, 'contacts_2.csv'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
  const held = await pinlist(['refresh', LIST, '--sync', '--json']);
  expect(held.code).toBe(1);
  expect(JSON.parse(held.stdout)).toMatchObject({ outcome: 'held', sync: { added: 0, removed: 0 } });

  served = await startPinlistServe(env, { dataDir });
  page = await openPage(browser, served.url, { viewport: { width: 1280, height: 860 } });
});

test.afterAll(async () => {
  await page?.context().close();
  await served?.stop();
  await fake?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const main = () => page.getByRole('main');

test('the Lists table shows the changes waiting, with Review & sync', async () => {
  await expect(main().getByRole('heading', { level: 1, name: 'Lists' })).toBeVisible();
  const pending = main().getByTestId('pending-changes');
  await expect(pending).toContainText('+0 −200 waiting', { timeout: 20_000 });
  await expect(pending.getByRole('button', { name: 'Review & sync' })).toBeVisible();
  await captureScreen(page, 'automation-lists-pending');
});

test("the list's Automation panel shows its source, schedule, destination, next and last runs", async () => {
  await main().getByRole('link', { name: LIST }).click();
  const panel = main().getByTestId('automation-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('contacts_*.csv');
  await expect(panel).toContainText('Daily at 06:00');
  await expect(panel).toContainText(`Refresh and sync to ad account ${AD_ACCOUNT}`);
  const runs = panel.getByRole('table', { name: 'Last runs' });
  await expect(runs.getByRole('row')).toHaveCount(3);
  await expect(runs).toContainText('Held');
  await expect(runs).toContainText('Done');
  await panel.scrollIntoViewIfNeeded();
  await captureScreen(page, 'automation-panel');
  await panel.getByRole('button', { name: 'Edit…' }).click();
  await expect(panel.getByLabel('When')).toHaveValue('daily');
  await captureScreen(page, 'automation-panel-edit');
});

test('the Alerts view shows the held sync, linked to its list', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
  await expect(main().getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  const item = main().getByTestId('alert-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Sync held by the shrink guard');
  await expect(item.getByRole('link', { name: LIST })).toBeVisible();
  await captureScreen(page, 'automation-alerts');
  // Nothing was removed from Pinterest while the sync was held.
  const [list] = fake.state.customerLists();
  expect(fake.state.membership(list!.id).size).toBe(300);
});
