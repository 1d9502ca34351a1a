// @vitest-environment jsdom
/**
 * Issue 9 outside the wizard: the history table (item 7), wording (13), sizes with suppressed
 * members and the replace warning's two causes (3), the lookup's "why" (14), rejects of the latest
 * import with the extra column (15), and the sync panel's ad account and customer list choices (10)
 * with focus on the dry run's result (9).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdAccountSummary, AuthStatus, ImportPlan, ListDetail, LookupResult, OutputOf, RemoteCustomerList, SyncRun } from '../../shared/contract/index.js';
import { defaultSettings } from '../../shared/settings.js';
import { formatDuration } from '../../renderer/src/lib/format.js';
import { PlanEffect } from '../../renderer/src/screens/import/DestinationStep.js';
import { ImportHistory } from '../../renderer/src/screens/list/ImportHistory.js';
import { LookupBox } from '../../renderer/src/screens/list/LookupBox.js';
import { RejectsPanel } from '../../renderer/src/screens/list/RejectsPanel.js';
import { ListsHome } from '../../renderer/src/screens/lists/ListsHome.js';
import { AffectedLists } from '../../renderer/src/screens/suppression/SuppressionScreen.js';
import { runNote } from '../../renderer/src/screens/sync/SyncHistory.js';
import { SyncScreen } from '../../renderer/src/screens/sync/SyncScreen.js';
import { FakeClient, type FakeHandlers } from '../helpers/ui-fake-client.js';
import { listDetail, listSummary, syncReport } from '../helpers/ui-fixtures.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const NOW = '2026-03-01T10:00:00.000Z';
type ImportRecord = ListDetail['imports'][number];

function importRecord(overrides: Partial<ImportRecord> = {}): ImportRecord {
  return {
    id: 1,
    mode: 'replace',
    fileName: 'spring-customers-export-2026-03-01-final-final-v2.csv',
    fileSize: 2048,
    fileSha256: 'c'.repeat(64),
    rowsRead: 150,
    valid: 150,
    rejected: 0,
    duplicates: 0,
    suppressed: 0,
    added: 150,
    removed: 0,
    removedSuppressed: 0,
    removedNotInFile: 0,
    rejectReasons: {},
    rejectsExtraColumn: null,
    membersAfter: { email: 150, gaid: 0, idfa: 0 },
    rejectsStored: 0,
    durationMs: 912,
    at: NOW,
    mapping: null,
    format: null,
    ...overrides,
  };
}

function appHandlers(extra: FakeHandlers): FakeHandlers {
  return { 'settings.get': () => defaultSettings, 'jobs.list': () => [], ...extra };
}

describe('import history (item 7)', () => {
  it('calls the first import "Created", keeps sub-second durations, signs both counts and keeps the full name on hover', () => {
    const second = importRecord({ id: 2, added: 10, removed: 0, membersAfter: { email: 160, gaid: 0, idfa: 0 }, durationMs: 48_000, fileName: 'april.csv' });
    render(<ImportHistory imports={[second, importRecord()]} />);
    const rows = within(screen.getByRole('table', { name: 'Import history' })).getAllByRole('row').slice(1);
    // Every cell but the date (its format follows the machine's locale and time zone).
    const cells = rows.map((row) => within(row).getAllByRole('cell').slice(1).map((cell) => cell.textContent));
    expect(cells).toEqual([
      ['april.csv2 KB', 'Replace', '150', '150', '0', '0', '0', '+10, \u22120', '48 s'],
      ['spring-customers-export-2026-03-01-final-final-v2.csv2 KB', 'Created', '150', '150', '0', '0', '0', '+150, \u22120', '0.9 s'],
    ]);
    expect(within(rows[1]!).getByLabelText('150 added, 0 removed').textContent).toBe('+150, \u22120');
    const name = within(rows[1]!).getByText('spring-customers-export-2026-03-01-final-final-v2.csv');
    expect(name.getAttribute('title')).toBe('spring-customers-export-2026-03-01-final-final-v2.csv');
    expect(name.className).toContain('truncate');
  });

  it('formats durations under 10 s with a tenth, and never as "0 s" for work that took time', () => {
    expect(formatDuration(0.04)).toBe('0.1 s');
    expect(formatDuration(0.9)).toBe('0.9 s');
    expect(formatDuration(12.4)).toBe('12 s');
  });
});

describe('wording (item 13)', () => {
  const plan: ImportPlan = {
    list: 'Spring buyers',
    listExists: true,
    mode: 'replace',
    rowsRead: 500,
    valid: 400,
    rejected: 0,
    duplicates: 0,
    suppressed: 0,
    added: 140,
    removed: 281,
    removedSuppressed: 31,
    removedNotInFile: 250,
    membersBefore: { email: 541, gaid: 0, idfa: 0 },
    membersAfter: { email: 400, gaid: 0, idfa: 0 },
    rejectReasons: {},
    columns: [],
    format: { type: 'csv', encoding: 'utf-8', delimiter: ',', sheet: null, bom: false, hasHeader: true },
  };

  it('starts the effect with a capital, and the replace warning names its two causes apart (item 3)', () => {
    render(<PlanEffect plan={plan} />);
    expect(screen.getByTestId('import-effect').querySelector('.effect-sentence')?.textContent).toMatch(/^Adds 140, removes 281;/);
    const causes = screen.getByTestId('replace-causes');
    expect(causes.textContent).toContain('250 members not in this file');
    expect(causes.textContent).toContain('31 members on the suppression list');
  });

  it('says what a confirmed shrink did, not the question asked before it', () => {
    const report = syncReport({
      dryRun: false,
      removed: 2427,
      guardrails: [{ kind: 'email', reason: 'shrink', confirmed: 5000, removes: 2427, after: 2573, percent: 48.5, limit: 25 }],
    });
    const run: SyncRun = {
      runId: 3,
      jobId: null,
      listId: 1,
      adAccountId: '549000001',
      state: 'succeeded',
      startedAt: NOW,
      endedAt: NOW,
      added: 0,
      removed: 2427,
      requests: 4,
      retries: 0,
      batches: 3,
      error: null,
      remoteIds: {},
      warnings: ['The email list would lose 2,427 of its 5,000 members (48.5%). Remove them?', 'Nothing is sent until you confirm.'],
      report,
    };
    expect(runNote(run)).toBe('Removed 2,427 after you confirmed.');
    expect(runNote({ ...run, report: { ...report, guardrails: [] }, warnings: ['waiting for Pinterest'] })).toBe('Waiting for Pinterest');
  });

  it('a lookup in the suppression list says "is on the suppression list", not in success green', async () => {
    const answer: LookupResult = {
      normalized: 'ann@example.com',
      hash: 'd'.repeat(64),
      prehashed: false,
      found: true,
      suppressed: false,
      history: [],
      historyComplete: true,
      rejectedRows: [],
      suppression: { suppressed: true, since: NOW, importId: 1, fileName: 'opt-outs.csv' },
      pinterest: [],
    };
    const client = new FakeClient(appHandlers({ 'lists.lookup': () => answer }));
    renderWithApp(<LookupBox listId={9} defaultKind="email" subject="suppression" />, client);
    fireEvent.change(screen.getByRole('textbox', { name: 'Email or ad ID to look up' }), { target: { value: 'Ann@Example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const title = await screen.findByText('This person is on the suppression list');
    expect(document.body.textContent).not.toContain('in the list');
    expect(title.closest('.alert')?.className).not.toContain('tone-success');
  });
});

describe('counts that agree with what goes to Pinterest (item 3)', () => {
  it('shows suppressed members beside a list size on the Lists screen', async () => {
    const list = listSummary({ members: { email: 1000, gaid: 0, idfa: 0 }, total: 1000, suppressed: { email: 12, gaid: 0, idfa: 0 }, suppressedTotal: 12, toPinterest: 988 });
    renderWithApp(<ListsHome />, new FakeClient(appHandlers({ 'lists.list': () => [list] })));
    expect((await screen.findByTestId('suppressed-note')).textContent).toBe('12 suppressed · 988 to Pinterest');
  });

  it('a suppression import names the lists it affects and says the next sync removes them', () => {
    render(<AffectedLists lists={[{ listId: 3, name: 'Spring buyers', suppressed: { email: 7, gaid: 0, idfa: 0 }, total: 7, onPinterest: 4 }]} />);
    const text = screen.getByTestId('affected-lists').textContent ?? '';
    expect(text).toContain('Spring buyers: 7 members suppressed, 4 of them on Pinterest now');
    expect(text).toContain('the next sync removes the 4 already on Pinterest');
  });
});

describe('the lookup explains why (item 14)', () => {
  it('lists the imports that added and removed the person, their suppression, a rejected row and Pinterest', async () => {
    const answer: LookupResult = {
      normalized: 'ann@example.com',
      hash: 'd'.repeat(64),
      prehashed: false,
      found: true,
      suppressed: true,
      history: [
        { event: 'added', importId: 1, fileName: 'march.csv', at: NOW, mode: 'replace' },
        { event: 'removed', importId: 2, fileName: 'april.csv', at: NOW, mode: 'replace', cause: 'not_in_file' },
        { event: 'added', importId: 3, fileName: 'may.csv', at: NOW, mode: 'add' },
      ],
      historyComplete: true,
      rejectedRows: [{ importId: 2, fileName: 'april.csv', at: NOW, mode: 'replace', rowNumber: 17, column: 'Email', reason: 'missing_at', reasonLabel: 'No @ in the email' }],
      suppression: { suppressed: true, since: NOW, importId: 5, fileName: 'opt-outs.csv' },
      pinterest: [{ adAccountId: '549000001', customerListId: '777', state: 'waiting_remove', lastSyncAt: NOW }],
    };
    const client = new FakeClient(appHandlers({ 'lists.lookup': () => answer }));
    renderWithApp(<LookupBox listId={1} defaultKind="email" />, client);
    fireEvent.change(screen.getByRole('textbox', { name: 'Email or ad ID to look up' }), { target: { value: 'ann@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect((await screen.findByText(/^In the list/)).textContent).toBe('In the list, but suppressed: not sent to Pinterest');
    const why = screen.getByTestId('lookup-why').textContent ?? '';
    expect(why).toMatch(/Added by import #1 \(march\.csv, .+\)\./);
    expect(why).toMatch(/Removed by import #2 \(april\.csv, .+\): not in that file/);
    expect(why).toContain('On the suppression list since');
    expect(why).toContain('(opt-outs.csv): never sent to Pinterest');
    expect(why).toMatch(/Rejected in row 17 of import #2 \(april\.csv, .+\), column “Email”: No @ in the email\./);
    expect(why).toContain('Still on Pinterest (ad account 549000001): the next sync removes them.');
  });
});

describe('rejected rows (item 15)', () => {
  it('open on the latest import, with the reason in words and the extra column the user picked', async () => {
    const detail = listDetail({
      rejectsStored: 3,
      imports: [importRecord({ id: 2, rejected: 1, rejectsStored: 1, rejectsExtraColumn: 'Customer ID', fileName: 'april.csv' }), importRecord({ id: 1, rejected: 2, rejectsStored: 2 })],
    });
    const client = new FakeClient(
      appHandlers({
        'lists.rejects': (input) => ({
          total: 1,
          rows: [{ importId: 2, rowNumber: 17, column: 'Email', reason: 'too_long', reasonLabel: 'More than 64 characters before the @', rawValue: 'x@y', extra: 'C-1017' }],
          importId: typeof input.importId === 'number' ? input.importId : null,
          extraColumn: input.importId === 2 ? 'Customer ID' : null,
        }),
      }),
    );
    renderWithApp(<RejectsPanel list={detail} onPurged={() => undefined} />, client);
    const table = await screen.findByRole('table', { name: 'Rejected rows' });
    expect(client.inputsOf('lists.rejects')[0]).toMatchObject({ importId: 2 });
    expect(screen.getByRole('combobox', { name: 'Import' })).toHaveProperty('value', '2');
    await within(table).findByRole('columnheader', { name: 'Customer ID' });
    expect(within(table).getAllByRole('row').map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['Import', 'Row', 'Column', 'Reason', 'Raw value', 'Customer ID'],
      ['#2', '17', 'Email', 'More than 64 characters before the @', 'x@y', 'C-1017'],
    ]);
  });
});

describe('sync choices (item 10) and focus after a dry run (item 9)', () => {
  const connected: AuthStatus = {
    connected: true,
    source: 'keychain',
    method: 'token',
    account: { id: '77', username: 'shopwithanna', accountType: 'BUSINESS' },
    appId: null,
    appSecretStored: false,
    redirectUri: null,
    scopes: ['ads:read', 'ads:write', 'user_accounts:read'],
    missingScopes: [],
    connectedAt: NOW,
    expiresAt: '2026-03-31T10:00:00.000Z',
    refreshTokenExpiresAt: null,
    canRefresh: false,
    verified: false,
    keychain: 'available',
    problem: null,
  };
  const account = (i: number): AdAccountSummary => ({ id: `5490000${String(i).padStart(2, '0')}`, name: `Shop ${i}`, country: 'DE', currency: 'EUR', ownerUsername: null, permissions: [] });
  const remoteList = (overrides: Partial<RemoteCustomerList>): RemoteCustomerList => ({ id: '1', name: 'x', listType: 'EMAIL', kind: 'email', size: 1000, status: 'READY', createdTime: null, usedBy: null, ...overrides });

  function core(accounts: AdAccountSummary[], remembered: string | null = null): FakeClient {
    const summary = listSummary({ members: { email: 1000, gaid: 0, idfa: 0 }, total: 1000, adAccountId: remembered, suppressed: { email: 10, gaid: 0, idfa: 0 }, suppressedTotal: 10, toPinterest: 990 });
    return new FakeClient(
      appHandlers({
        'jobs.cancel': () => ({ cancelled: true }),
        'auth.status': () => connected,
        'lists.list': () => [summary],
        'lists.get': () => listDetail(summary),
        'lists.setAdAccount': (input) => ({ listId: input.listId, adAccountId: input.adAccountId }),
        'pinterest.adAccounts': () => accounts,
        'sync.targets': () => [],
        'sync.history': () => [],
        'sync.status': (): OutputOf<'sync.status'> => ({ listId: 1, list: 'Spring buyers', targets: [], lock: null }),
        'sync.plan': (input) => syncReport({ adAccountId: input.adAccountId, added: 990 }),
        'sync.customerLists': () => [
          remoteList({ id: '700', name: 'Newsletter (EU)', size: 52_000 }),
          remoteList({ id: '701', name: 'App users', listType: 'MAID', kind: 'gaid', size: 9_000 }),
          remoteList({ id: '702', name: 'Old buyers', usedBy: { listId: 5, listName: 'Old buyers', kind: 'email' } }),
        ],
      }),
    );
  }

  it('preselects nothing among several ad accounts, and remembers the choice for the list', async () => {
    const client = core([account(1), account(2)]);
    renderWithApp(<SyncScreen listId={1} />, client);
    const picker = await screen.findByRole('combobox', { name: 'Ad account' });
    expect(picker).toHaveProperty('value', '');
    expect(screen.getByRole('button', { name: 'Dry run' })).toHaveProperty('disabled', true);
    fireEvent.change(picker, { target: { value: '549000002' } });
    await waitFor(() => expect(client.inputsOf('lists.setAdAccount')).toEqual([{ listId: 1, adAccountId: '549000002' }]));
    expect(screen.getByRole('button', { name: 'Dry run' })).toHaveProperty('disabled', false);
    expect(screen.getByTestId('kind-size-email').textContent).toBe('1,000 members, 10 suppressed: 990 sent');
  });

  it('starts from the ad account remembered for the list', async () => {
    renderWithApp(<SyncScreen listId={1} />, core([account(1), account(2)], '549000002'));
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Ad account' })).toHaveProperty('value', '549000002'));
  });

  it('offers a search over many ad accounts', async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => account(i + 1));
    renderWithApp(<SyncScreen listId={1} />, core(accounts));
    const search = await screen.findByRole('searchbox', { name: 'Search ad accounts' });
    fireEvent.change(search, { target: { value: 'Shop 11' } });
    const picker = screen.getByRole('combobox', { name: 'Ad account' });
    expect(within(picker).getAllByRole('option').filter((option) => !(option as HTMLOptionElement).disabled).map((option) => option.textContent)).toEqual(['Shop 11 (549000011) · EUR']);
    expect(picker).toHaveProperty('value', '549000011');
  });

  it('"Use an existing customer list" offers the account\'s lists of that kind by name, type and size', async () => {
    const client = core([account(1)]);
    renderWithApp(<SyncScreen listId={1} />, client);
    fireEvent.click(await screen.findByRole('radio', { name: /Use an existing customer list/ }));
    const picker = await screen.findByRole('combobox', { name: 'Emails: existing customer list' });
    const options = within(picker).getAllByRole('option').filter((option) => option.getAttribute('value'));
    expect(options.map((option) => option.textContent)).toEqual(['Newsletter (EU) · Emails · 52,000 records', 'Old buyers · Emails · 1,000 records · used by Old buyers']);
    expect((options[1] as HTMLOptionElement).disabled).toBe(true);
    fireEvent.change(picker, { target: { value: '700' } });
    fireEvent.click(screen.getByRole('button', { name: 'Dry run' }));
    await waitFor(() => expect(client.inputsOf('sync.plan')).toEqual([{ listId: 1, adAccountId: '549000001', adopt: { email: '700' } }]));
  });

  it('moves focus to the dry run result and announces it', async () => {
    renderWithApp(<SyncScreen listId={1} />, core([account(1)]));
    fireEvent.click(await screen.findByRole('button', { name: 'Dry run' }));
    const result = await screen.findByLabelText('Dry run result');
    await waitFor(() => expect(document.activeElement).toBe(result));
    expect(screen.getByTestId('sync-announcement').textContent).toBe('Dry run done: +990 to add, \u22120 to remove, 0 suppressed.');
  });
});
