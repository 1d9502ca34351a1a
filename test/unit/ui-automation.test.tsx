// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AutomationView } from '../../shared/contract/index.js';
import { defaultSettings } from '../../shared/settings.js';
import { AlertsScreen } from '../../renderer/src/screens/automation/AlertsScreen.js';
import { AutomationPanel } from '../../renderer/src/screens/automation/AutomationPanel.js';
import { AutomationSettingsCard } from '../../renderer/src/screens/automation/AutomationSettingsCard.js';
import { ListsHome } from '../../renderer/src/screens/lists/ListsHome.js';
import { FakeClient, type FakeHandlers } from '../helpers/ui-fake-client.js';
import { listSummary } from '../helpers/ui-fixtures.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const NOW = new Date().toISOString();

function appHandlers(extra: FakeHandlers): FakeHandlers {
  return { 'settings.get': () => defaultSettings, 'jobs.list': () => [], ...extra };
}

const view: AutomationView = {
  listId: 7,
  list: 'CRM contacts',
  source: { kind: 'folder', path: '/exports', pattern: 'contacts_*.csv', overrides: [], sheet: null, encoding: null, mode: 'replace' },
  automation: { schedule: { kind: 'daily', time: '06:30' }, action: 'refresh-sync', adAccountId: '549755885175', enabled: true },
  nextRunAt: '2026-03-03T06:30:00.000Z',
  lastRuns: [
    {
      runId: 3,
      listId: 7,
      trigger: 'schedule',
      state: 'held',
      startedAt: NOW,
      endedAt: NOW,
      durationMs: 1200,
      fileName: 'contacts_2.csv',
      import: null,
      sync: { added: 0, removed: 0 },
      error: null,
      message: 'The email list would lose 300 of the 400 members. The sync was held: nothing was sent.',
    },
  ],
};

describe('the Automation panel', () => {
  it('shows the source, schedule, destination, next run and last runs, and saves an edited schedule', async () => {
    const client = new FakeClient(
      appHandlers({
        'automation.get': () => view,
        'automation.setSource': () => view,
        'automation.setSchedule': () => view,
      }),
    );
    renderWithApp(<AutomationPanel listId={7} />, client);
    const panel = await screen.findByTestId('automation-panel');
    await within(panel).findByText('Newest contacts_*.csv in /exports · replace');
    expect(panel.textContent).toContain('ScheduleDaily at 06:30ThenRefresh and sync to ad account 549755885175Next run');
    const runs = within(panel).getByRole('table', { name: 'Last runs' });
    expect(within(runs).getAllByRole('row').map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['When', 'Trigger', 'Outcome', 'Imported', 'Synced', 'Details'],
      ['just now', 'Schedule', 'Held', '\u2014', '+0, \u22120', 'The email list would lose 300 of the 400 members. The sync was held: nothing was sent.'],
    ]);

    fireEvent.click(within(panel).getByRole('button', { name: 'Edit…' }));
    fireEvent.change(within(panel).getByLabelText('When'), { target: { value: 'weekly' } });
    fireEvent.change(within(panel).getByLabelText('Day'), { target: { value: '3' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save automation' }));
    await waitFor(() => expect(client.inputsOf('automation.setSchedule')).toHaveLength(1));
    expect(client.inputsOf('automation.setSource')).toEqual([{ listId: 7, kind: 'folder', path: '/exports', pattern: 'contacts_*.csv', overrides: [], mode: 'replace' }]);
    expect(client.inputsOf('automation.setSchedule')).toEqual([{ listId: 7, schedule: { kind: 'weekly', day: 3, time: '06:30' }, action: 'refresh-sync', adAccountId: '549755885175' }]);
  });
});

describe('the Alerts view', () => {
  it('lists open alerts with a link to the list, and dismisses one', async () => {
    const alerts: Alert[] = [
      { id: 1, listId: 7, list: 'CRM contacts', kind: 'held', state: 'open', message: 'The sync was held: nothing was sent.', openedAt: NOW, updatedAt: NOW, closedAt: null },
      { id: 2, listId: null, list: null, kind: 'connection-expiring', state: 'open', message: 'The Pinterest connection expires on 2026-03-06.', openedAt: NOW, updatedAt: NOW, closedAt: null },
    ];
    const client = new FakeClient(appHandlers({ 'alerts.list': () => alerts, 'alerts.dismiss': () => ({ closed: true }) }));
    renderWithApp(<AlertsScreen />, client);
    const items = await screen.findAllByTestId('alert-item');
    expect(items).toHaveLength(2);
    expect(items.map((item) => item.textContent)).toEqual([
      'Sync held by the shrink guardCRM contactsjust nowThe sync was held: nothing was sent.Dismiss',
      'Pinterest connection expiringjust nowThe Pinterest connection expires on 2026-03-06.Dismiss',
    ]);
    expect(within(items[0]!).getByRole('link', { name: 'CRM contacts' }).getAttribute('href')).toBe('#/lists/7');
    fireEvent.click(within(items[1]!).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(client.inputsOf('alerts.dismiss')).toEqual([{ alertId: 2 }]));
  });
});

describe('pending changes on the Lists table', () => {
  it('shows "+281 −136 waiting" with Review & sync for a list changed since its last sync', async () => {
    const changed = listSummary({ id: 4, name: 'Changed', createdAt: NOW, updatedAt: NOW });
    const quiet = listSummary({ id: 5, name: 'Quiet', createdAt: NOW, updatedAt: NOW });
    const client = new FakeClient(
      appHandlers({ 'lists.list': () => [changed, quiet], 'automation.pending': () => [{ listId: 4, adAccountId: '549755885175', added: 281, removed: 136 }] }),
    );
    renderWithApp(<ListsHome />, client);
    const pending = await screen.findByTestId('pending-changes');
    expect(pending.textContent).toMatch(/\+281 −136 waiting/);
    expect(screen.getAllByTestId('pending-changes')).toHaveLength(1);
    const row = pending.closest('tr')!;
    expect(within(row).getByRole('link', { name: 'Changed' }).getAttribute('href')).toBe('#/lists/4');
    fireEvent.click(within(pending).getByRole('button', { name: 'Review & sync' }));
    expect(window.location.hash).toBe('#/sync/4');
  });
});

describe('the automation settings', () => {
  it('saves the webhook URL and the stale-source days', async () => {
    const client = new FakeClient(appHandlers({ 'settings.update': (patch) => ({ ...defaultSettings, ...patch }) }));
    renderWithApp(<AutomationSettingsCard />, client);
    const card = await screen.findByTestId('automation-settings');
    fireEvent.change(within(card).getByLabelText('Alert webhook'), { target: { value: 'https://hooks.example.com/T1' } });
    fireEvent.change(within(card).getByLabelText(/not changed for/), { target: { value: '3' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.inputsOf('settings.update')).toEqual([{ alertWebhookUrl: 'https://hooks.example.com/T1', sourceStaleDays: 3 }]));
    fireEvent.change(within(card).getByLabelText(/not changed for/), { target: { value: '0' } });
    expect((within(card).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
