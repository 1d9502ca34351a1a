// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSummary, ListSummary, SyncReport } from '../../shared/contract/index.js';
import { defaultSettings } from '../../shared/settings.js';
import { ImportSummaryView } from '../../renderer/src/screens/import/ImportRunStep.js';
import { MembersTable } from '../../renderer/src/screens/list/MembersTable.js';
import { ListsHome } from '../../renderer/src/screens/lists/ListsHome.js';
import { SyncReportView, requestBreakdown } from '../../renderer/src/screens/sync/SyncReportView.js';
import { FakeClient, type FakeHandlers } from '../helpers/ui-fake-client.js';
import { listSummary, syncReport } from '../helpers/ui-fixtures.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const NOW = new Date().toISOString();
const LONG_NAME = 'Spring 2026 returning buyers who opened the March newsletter but did not purchase (EU and UK)';

const neverSynced: ListSummary = listSummary({ name: 'Newsletter', createdAt: NOW, updatedAt: NOW });

const synced: ListSummary = {
  ...neverSynced,
  id: 2,
  name: LONG_NAME,
  members: { email: 9_100, gaid: 40, idfa: 0 },
  total: 9_140,
  lastSync: {
    runId: 12,
    adAccountId: '549000001',
    state: 'failed',
    startedAt: NOW,
    endedAt: NOW,
    added: 1_204,
    removed: 87,
    error: { code: 'PINTEREST_UNAVAILABLE', message: 'Pinterest kept failing while adding records.' },
  },
  pinterest: [
    {
      adAccountId: '549000001',
      kind: 'email',
      listType: 'EMAIL',
      customerListId: '777',
      audienceState: 'created',
      remote: {
        customerList: { status: 'READY', numUploadedUserRecords: 9_100, numRemovedUserRecords: 0, numBatches: 10 },
        audience: { status: 'READY', size: 8_350 },
        fetchedAt: NOW,
        problem: null,
      },
    },
    { adAccountId: '549000001', kind: 'gaid', listType: 'MAID', customerListId: '778', audienceState: 'pending', remote: null },
  ],
};

function appHandlers(extra: FakeHandlers): FakeHandlers {
  return { 'settings.get': () => defaultSettings, 'jobs.list': () => [], ...extra };
}

describe('Lists home', () => {
  it('shows each list’s last sync and Pinterest status from lists.list alone, with no call per list', async () => {
    const client = new FakeClient(appHandlers({ 'lists.list': () => [neverSynced, synced] }));
    renderWithApp(<ListsHome />, client);

    const table = await screen.findByRole('table', { name: 'Your lists' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);

    const [plain, busy] = rows as [HTMLElement, HTMLElement];
    within(plain).getByText('Never synced');
    within(plain).getByText('Not on Pinterest yet');

    // Outcome (with the reason as its tooltip), +/−.
    const outcome = within(busy).getByText('Stopped');
    expect(outcome.closest('[title]')?.getAttribute('title')).toBe('Pinterest kept failing while adding records.');
    within(busy).getByText('+1,204');
    within(busy).getByText('−87');
    // Per customer list: type, list status, audience status and size, or pending / never checked.
    const remote = within(busy).getAllByRole('listitem');
    expect(remote.map((item) => item.textContent)).toEqual([expect.stringMatching(/^EMAIL\s*Ready\s*audience ready, 8,350 · /), 'MAIDNot checkedaudience pending']);

    // A long name stays whole in its tooltip (the cell cuts it with an ellipsis).
    const link = within(busy).getByRole('link', { name: LONG_NAME });
    expect(link.getAttribute('title')).toBe(LONG_NAME);
    expect(link.getAttribute('href')).toBe('#/lists/2');

    const channels = client.calls.map((call) => call.channel);
    expect(channels.filter((channel) => channel === 'lists.list')).toHaveLength(1);
    expect(channels).not.toContain('sync.history');
    expect(channels).not.toContain('sync.status');
  });
});

describe('the import summary', () => {
  const summary: ImportSummary = {
    list: 'Spring buyers',
    listId: 42,
    importId: 9,
    rowsRead: 5,
    valid: 4,
    rejected: 1,
    duplicates: 0,
    suppressed: 0,
    added: 4,
    removed: 0,
    removedSuppressed: 0,
    removedNotInFile: 0,
    members: { email: 4, gaid: 0, idfa: 0 },
    rejectReasons: { missing_at: 1 },
  };

  it('opens, links and exports the list by the id it carries, without looking the list up by name', async () => {
    const client = new FakeClient(
      appHandlers({ 'lists.exportRejects': ({ listId, importId }) => ({ fileId: `rejects-${listId}-${importId}.csv`, path: '/tmp/x.csv', rows: 1, bytes: 10 }) }),
    );
    renderWithApp(<ImportSummaryView summary={summary} />, client);

    expect(screen.getByRole('link', { name: 'sync it to Pinterest' }).getAttribute('href')).toBe('#/sync/42');
    const open = screen.getByRole('button', { name: 'Open Spring buyers' });
    expect((open as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(open);
    expect(window.location.hash).toBe('#/lists/42');

    fireEvent.click(screen.getByRole('button', { name: 'Save rejects as CSV' }));
    await waitFor(() => expect(client.inputsOf('lists.exportRejects')).toEqual([{ listId: 42, importId: 9 }]));
    expect(client.calls.map((call) => call.channel)).not.toContain('lists.list');
  });
});

describe('the sync result', () => {
  const finished: SyncReport = syncReport({
    runId: 3,
    jobId: 'job-1',
    listId: 1,
    list: 'Spring buyers',
    adAccountId: '549000001',
    dryRun: false,
    complete: true,
    added: 150,
    removed: 0,
    suppressed: 0,
    requests: 7,
    retries: 1,
    kinds: {
      email: {
        desired: 150,
        confirmedBefore: 0,
        uncertain: 0,
        adds: 150,
        removes: 0,
        suppressed: 0,
        // The create (with the first batch), a second batch and the audience.
        requests: 3,
        customerListId: '777',
        customerListName: 'Spring buyers (email)',
        created: true,
        adopted: false,
      },
      gaid: {
        desired: 20,
        confirmedBefore: 0,
        uncertain: 0,
        adds: 20,
        removes: 0,
        suppressed: 0,
        requests: 1,
        customerListId: '778',
        customerListName: 'Spring buyers (gaid)',
        created: true,
        adopted: false,
      },
    },
    customerLists: { email: { id: '777', status: 'READY' }, gaid: { id: '778', status: 'READY' } },
    audiences: { email: { id: '9', status: 'READY' }, gaid: null },
    startedAt: NOW,
    finishedAt: NOW,
  });

  it('says how the total splits into the rows’ writes, the reads and the retries', () => {
    expect(requestBreakdown(finished)).toBe('4 to the lists below + 2 reads + 1 retry');
    // A dry run's total is the rows' sum: nothing to explain.
    expect(requestBreakdown({ ...finished, dryRun: true, requests: 4, retries: 0 })).toBeNull();

    const client = new FakeClient(appHandlers({}));
    renderWithApp(<SyncReportView report={finished} />, client);
    const stat = screen.getByText('Requests sent').closest('.stat')!;
    expect(stat.querySelector('.stat-value')?.textContent).toBe('7');
    expect(stat.querySelector('.stat-hint')?.textContent).toBe('4 to the lists below + 2 reads + 1 retry');
  });
});

describe('the members table', () => {
  it('sizes the # column to the longest row number', async () => {
    const hashes = Array.from({ length: 250 }, (_, i) => i.toString(16).padStart(64, '0'));
    const client = new FakeClient(appHandlers({ 'lists.members': ({ offset }) => ({ total: 12_345, offset, hashes }) }));
    renderWithApp(<MembersTable listId={1} kind="email" total={12_345} kindLabel="Emails" />, client);
    const table = screen.getByTestId('members-table');
    // "12,345": six characters of tabular figures.
    expect(table.style.getPropertyValue('--members-index-width')).toBe('6ch');

    cleanup();
    renderWithApp(<MembersTable listId={1} kind="email" total={7} kindLabel="Emails" />, client);
    expect(screen.getByTestId('members-table').style.getPropertyValue('--members-index-width')).toBe('1ch');
  });
});
