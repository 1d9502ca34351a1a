// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthStatus, JobSummary, ListDetail, ListSummary, OutputOf, SyncReport } from '../../shared/contract/index.js';
import { defaultSettings } from '../../shared/settings.js';
import { SyncScreen } from '../../renderer/src/screens/sync/SyncScreen.js';
import { FakeClient } from '../helpers/ui-fake-client.js';
import { listDetail, listSummary, syncReport } from '../helpers/ui-fixtures.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const NOW = '2026-03-01T10:00:00.000Z';

const notConnected: AuthStatus = {
  connected: false,
  source: null,
  method: null,
  account: null,
  appId: null,
  appSecretStored: false,
  redirectUri: null,
  scopes: null,
  missingScopes: [],
  connectedAt: null,
  expiresAt: null,
  refreshTokenExpiresAt: null,
  canRefresh: false,
  verified: false,
  keychain: 'available',
  problem: null,
};

const connected: AuthStatus = {
  ...notConnected,
  connected: true,
  source: 'keychain',
  method: 'token',
  account: { id: '77', username: 'shopwithanna', accountType: 'BUSINESS' },
  scopes: ['ads:read', 'ads:write', 'user_accounts:read'],
  connectedAt: NOW,
  expiresAt: '2026-03-31T10:00:00.000Z',
};

const summary: ListSummary = listSummary({ members: { email: 10_000, gaid: 0, idfa: 0 }, total: 10_000 });

const detail: ListDetail = listDetail(summary);

function report(overrides: Partial<SyncReport> = {}): SyncReport {
  return syncReport({
    added: 1204,
    removed: 87,
    suppressed: 12,
    requests: 3,
    kinds: {
      email: {
        desired: 10_000,
        confirmedBefore: 8883,
        uncertain: 0,
        adds: 1204,
        removes: 87,
        suppressed: 12,
        requests: 3,
        customerListId: null,
        customerListName: 'Spring buyers (email)',
        created: false,
        adopted: false,
      },
    },
    diffMs: 4,
    ...overrides,
  });
}

const shrinking = report({
  added: 5,
  removed: 3400,
  kinds: { email: { ...report().kinds.email!, confirmedBefore: 10_000, adds: 5, removes: 3400 } },
  guardrails: [{ kind: 'email', reason: 'shrink', confirmed: 10_000, removes: 3400, after: 6605, percent: 34, limit: 25 }],
  needsConfirmation: true,
});

function job(state: JobSummary['state'], extra: Partial<JobSummary> = {}): JobSummary {
  return { jobId: 'sync-job-1', kind: 'sync', label: 'Syncing Spring buyers', state, startedAt: NOW, finishedAt: state === 'running' ? null : NOW, progress: null, error: null, result: null, ...extra };
}

function fakeCore(auth: AuthStatus, plan: SyncReport = report()): FakeClient {
  let status = auth;
  return new FakeClient({
    'settings.get': () => defaultSettings,
    'jobs.list': () => [],
    'jobs.cancel': () => ({ cancelled: true }),
    'auth.status': () => status,
    'auth.connectWithToken': () => {
      status = connected;
      return connected;
    },
    'lists.list': () => [summary],
    'lists.get': () => detail,
    'pinterest.adAccounts': () => [{ id: '549000001', name: 'Shop EU', country: 'DE', currency: 'EUR', ownerUsername: 'shopwithanna', permissions: ['OWNER'] }],
    'sync.targets': () => [],
    'sync.history': () => [],
    'sync.status': (): OutputOf<'sync.status'> => ({ listId: 1, list: 'Spring buyers', targets: [], lock: null }),
    'sync.plan': () => plan,
    'sync.start': () => ({ jobId: 'sync-job-1' }),
  });
}

/** The number shown under a Stat's label (a <dt> and its <dd>). */
function statValue(container: HTMLElement, label: string): string | null {
  const term = within(container).getAllByText(label).find((element) => element.tagName === 'DT');
  return term?.parentElement?.querySelector('.stat-value')?.textContent ?? null;
}

async function dryRun(): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: 'Dry run' }));
  await screen.findByTestId('dry-run-report');
}

async function startSync(client: FakeClient): Promise<void> {
  await dryRun();
  fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
  await waitFor(() => expect(client.inputsOf('sync.start')).toHaveLength(1));
  await screen.findByTestId('sync-progress');
}

describe('sync panel states', () => {
  it('not connected: offers a pasted token, then shows the connected account', async () => {
    const client = fakeCore(notConnected);
    renderWithApp(<SyncScreen listId={1} />, client);

    await screen.findByRole('heading', { name: 'Connect to Pinterest' });
    expect(screen.queryByRole('button', { name: 'Dry run' })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: 'Access token' }), { target: { value: 'pina_TESTTOKEN' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    await screen.findByText('@shopwithanna');
    expect(client.inputsOf('auth.connectWithToken')).toEqual([{ accessToken: 'pina_TESTTOKEN' }]);
    await screen.findByRole('button', { name: 'Dry run' });
  });

  it('connected: shows the account, its expiry and the ad account, and allows no sync before a dry run', async () => {
    const client = fakeCore(connected);
    renderWithApp(<SyncScreen listId={1} />, client);

    const connection = await screen.findByTestId('connection');
    within(connection).getByText('@shopwithanna');
    within(connection).getByText(/then connect again/);
    const account = await screen.findByRole('combobox', { name: 'Ad account' });
    expect(account).toHaveProperty('value', '549000001');
    expect(within(account).getByRole('option').textContent).toBe('Shop EU (549000001) · EUR');
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true);
  });

  it('dry run: shows adds, removes, suppressed and requests, and enables Sync now', async () => {
    const client = fakeCore(connected);
    renderWithApp(<SyncScreen listId={1} />, client);
    await dryRun();

    expect(client.inputsOf('sync.plan')).toEqual([{ listId: 1, adAccountId: '549000001' }]);
    const result = screen.getByTestId('dry-run-report');
    expect(statValue(result, 'To add')).toBe('+1,204');
    expect(statValue(result, 'To remove')).toBe('\u221287');
    expect(statValue(result, 'Suppressed')).toBe('12');
    expect(statValue(result, 'Requests')).toBe('3');
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', false);
  });

  it('shrink guard: Sync now asks first, naming the numbers, and only then syncs with allowShrink', async () => {
    const client = fakeCore(connected, shrinking);
    renderWithApp(<SyncScreen listId={1} />, client);
    await dryRun();
    screen.getByText('This sync needs your confirmation');

    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove 3,400 members from Pinterest?' });
    expect(within(dialog).getByTestId('shrink-guard').textContent).toContain('removes 3,400 of the 10,000 members Pinterest holds (34%), more than your 25% limit. 6,605 would remain.');
    expect(client.inputsOf('sync.start')).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Don’t sync' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(client.inputsOf('sync.start')).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Sync and remove 3,400' }));
    await waitFor(() => expect(client.inputsOf('sync.start')).toEqual([{ listId: 1, adAccountId: '549000001', allowShrink: true }]));
  });

  it('running: shows batches sent and counts down a rate-limit wait', async () => {
    const client = fakeCore(connected);
    renderWithApp(<SyncScreen listId={1} />, client);
    await startSync(client);
    expect(client.inputsOf('sync.start')).toEqual([{ listId: 1, adAccountId: '549000001' }]);

    vi.useFakeTimers();
    act(() =>
      client.emit('job.progress', {
        jobId: 'sync-job-1',
        kind: 'sync',
        label: 'Syncing Spring buyers',
        phase: 'adding',
        done: 12,
        total: 40,
        ratePerSecond: null,
        etaSeconds: null,
        detail: 'email: batch 12 of 40 · 3 retries · rate limited: waiting 12 s',
      }),
    );
    const progress = screen.getByTestId('sync-progress');
    within(progress).getByText('Adding members');
    expect(within(progress).getByRole('progressbar', { name: 'Sync progress' }).getAttribute('aria-valuenow')).toBe('30');
    within(progress).getByText('12 of 40 batches sent');
    within(progress).getByText('Rate limited by Pinterest: retrying in 12 s');
    act(() => vi.advanceTimersByTime(3000));
    within(progress).getByText('Rate limited by Pinterest: retrying in 9 s');
  });

  it('done: shows what Pinterest confirmed', async () => {
    const client = fakeCore(connected);
    renderWithApp(<SyncScreen listId={1} />, client);
    await startSync(client);

    const result = report({ dryRun: false, complete: true, runId: 7, jobId: 'sync-job-1', retries: 2, customerLists: { email: { id: '5555', status: 'READY' } }, audiences: { email: null } });
    act(() => client.emit('job.finished', job('succeeded', { result })));

    await screen.findByText('Pinterest confirmed every change');
    const shown = screen.getByTestId('sync-report');
    expect(statValue(shown, 'Added')).toBe('+1,204');
    expect(statValue(shown, 'Retries')).toBe('2');
    within(shown).getByText('List: Ready');
    within(shown).getByText('Audience pending');
    expect(screen.queryByTestId('sync-progress')).toBeNull();
  });

  it('error: shows the reason the sync stopped, in the core’s words', async () => {
    const client = fakeCore(connected);
    renderWithApp(<SyncScreen listId={1} />, client);
    await startSync(client);

    const message = 'Pinterest says this token lacks ads:write: reconnect and grant it.';
    act(() => client.emit('job.finished', job('failed', { error: { code: 'PINTEREST_FORBIDDEN', message } })));

    const failure = await screen.findByTestId('sync-error');
    expect(within(failure).getByRole('alert').textContent).toContain(message);
    within(failure).getByText('The sync stopped');
  });

  it('a changed destination needs a new dry run before syncing', async () => {
    const client = fakeCore(connected);
    client.handlers['pinterest.adAccounts'] = () => [
      { id: '549000001', name: 'Shop EU', country: 'DE', currency: 'EUR', ownerUsername: null, permissions: [] },
      { id: '549000002', name: 'Shop US', country: 'US', currency: 'USD', ownerUsername: null, permissions: [] },
    ];
    renderWithApp(<SyncScreen listId={1} />, client);
    // Several ad accounts and none chosen for this list yet: the user picks one.
    fireEvent.change(await screen.findByRole('combobox', { name: 'Ad account' }), { target: { value: '549000001' } });
    await dryRun();
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', false);
    fireEvent.change(screen.getByRole('combobox', { name: 'Ad account' }), { target: { value: '549000002' } });
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true);
    screen.getByText('You changed the destination: run the dry run again.');
  });
});
