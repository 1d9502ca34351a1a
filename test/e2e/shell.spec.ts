import { expect, test } from '@playwright/test';
import { startPinlistServe, type ServedPinlist } from './serve.js';

let served: ServedPinlist;
test.beforeAll(async () => {
  served = await startPinlistServe();
});
test.afterAll(async () => {
  await served.stop();
});

test('the app shell loads from the printed URL and shows data from the core', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(served.url);
  // The key is traded for a cookie and removed from the address bar.
  expect(page.url()).not.toContain('key=');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // The home screen no longer shows the data folder; Settings does, read from the core.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('main').getByText(served.dataDir).first()).toBeVisible();
  expect(consoleErrors, 'no CSP violations or script errors').toEqual([]);
});

test('a round trip through the contract works, and an invalid request is refused with a clear error', async ({ page }) => {
  await page.goto(served.url);
  const ping = await page.evaluate(async () => {
    const response = await fetch('/api/call/app.ping', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'round trip' }) });
    return response.json();
  });
  expect(ping).toMatchObject({ ok: true, value: { message: 'round trip' } });
  const invalid = await page.evaluate(async () => {
    const response = await fetch('/api/call/app.ping', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 42 }) });
    return response.json();
  });
  expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(invalid.error.message).toMatch(/app\.ping.*expected string/s);
  const unknown = await page.evaluate(async () => {
    const response = await fetch('/api/call/no.such.channel', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return response.json();
  });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
});

test('a request without the secret is refused', async ({ browser }) => {
  const stranger = await browser.newContext();
  const page = await stranger.newPage();
  const response = await page.goto(served.origin + '/');
  expect(response?.status()).toBe(401);
  const api = await page.request.post(served.origin + '/api/call/app.info', { data: {} });
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe('FORBIDDEN');
  const wrongKey = await page.goto(served.origin + '/?key=guess');
  expect(wrongKey?.status()).toBe(403);
  await stranger.close();
});
