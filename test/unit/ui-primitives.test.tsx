// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../shared/settings.js';
import { formatCount, formatDelta, formatDuration } from '../../renderer/src/lib/format.js';
import { SettingsScreen } from '../../renderer/src/screens/settings/SettingsScreen.js';
import { waitSecondsIn } from '../../renderer/src/screens/sync/rate-limit.js';
import { AddedRemoved, Button, Dialog, Tabs } from '../../renderer/src/ui/index.js';
import { FakeClient } from '../helpers/ui-fake-client.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(() => {
  cleanup();
  document.documentElement.removeAttribute('data-theme');
});

function DialogHarness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Open dialog</Button>
      <Dialog open={open} title="Rename list" onClose={() => setOpen(false)} footer={<Button onClick={() => setOpen(false)}>Done</Button>}>
        <input aria-label="New name" />
      </Dialog>
    </>
  );
}

describe('Dialog', () => {
  it('is labelled by its title, takes focus, keeps Tab inside, closes on Esc and gives focus back', () => {
    render(<DialogHarness />);
    const opener = screen.getByRole('button', { name: 'Open dialog' });
    opener.focus();
    fireEvent.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Rename list' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('New name'));

    // Tab from the last control wraps to the first (the Close button in the header).
    screen.getByRole('button', { name: 'Done' }).focus();
    fireEvent.keyDown(document, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(document, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Done' }));

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe('Tabs', () => {
  it('moves between tabs with the arrow keys, Home and End, keeping one tab in the tab order', () => {
    function Harness() {
      const [value, setValue] = useState<'a' | 'b' | 'c'>('a');
      return (
        <Tabs label="Sections" value={value} onChange={(next) => setValue(next)} tabs={[{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta' }, { value: 'c', label: 'Gamma' }]}>
          <p>Panel {value}</p>
        </Tabs>
      );
    }
    render(<Harness />);
    const alpha = screen.getByRole('tab', { name: 'Alpha' });
    fireEvent.keyDown(alpha, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Beta' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').textContent).toBe('Panel b');
    fireEvent.keyDown(alpha, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Gamma' }));
    fireEvent.keyDown(alpha, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Alpha' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('tab').map((tab) => tab.tabIndex)).toEqual([0, -1, -1]);
  });
});

describe('formatting', () => {
  it('separates thousands and signs changes with a real minus', () => {
    expect(formatCount(1234567)).toBe(new Intl.NumberFormat().format(1234567));
    expect(formatDelta(1204)).toBe(`+${new Intl.NumberFormat().format(1204)}`);
    expect(formatDelta(-87)).toBe('\u221287');
    expect(formatDelta(0)).toBe('0');
    expect(formatDuration(200)).toBe('3 min 20 s');
  });

  it('shows what a run added and removed with both signs, even at zero, and says it in words', () => {
    render(<AddedRemoved added={1204} removed={0} />);
    const pair = screen.getByLabelText('1,204 added, 0 removed');
    expect(pair.textContent).toBe('+1,204, \u22120');
    expect(pair.querySelector('.delta-plus')?.textContent).toBe('+1,204');
    expect(pair.querySelector('.delta-zero')?.textContent).toBe('\u22120');
  });

  it('reads the wait out of a sync progress detail', () => {
    expect(waitSecondsIn('email: batch 12 of 40 · 3 retries · rate limited: waiting 12 s')).toBe(12);
    expect(waitSecondsIn('email: batch 12 of 40')).toBeNull();
  });
});

describe('Settings screen', () => {
  it('applies the chosen theme to <html> and saves only what changed', async () => {
    let stored: Settings = { ...defaultSettings };
    const client = new FakeClient({
      'settings.get': () => stored,
      'settings.update': (patch) => (stored = { ...stored, ...patch }),
      'jobs.list': () => [],
      'app.info': () => ({ name: 'Pinlist', version: '0.1.0', dataDir: '/data/pinlist', databasePath: '/data/pinlist/pinlist.db', schemaVersion: 3, surface: 'browser' }),
    });
    renderWithApp(<SettingsScreen />, client);
    await screen.findByText('/data/pinlist');
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);

    fireEvent.click(screen.getByRole('radio', { name: /^Dark/ }));
    await waitFor(() => expect(document.documentElement.getAttribute('data-theme')).toBe('dark'));
    expect(client.inputsOf('settings.update')).toEqual([{ theme: 'dark' }]);

    const batch = screen.getByRole('textbox', { name: 'Batch size' });
    fireEvent.change(batch, { target: { value: '20000' } });
    screen.getByText('Enter a number from 1 to 10,000.');
    expect(screen.getByRole('button', { name: 'Save changes' })).toHaveProperty('disabled', true);
    fireEvent.change(batch, { target: { value: '500' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(client.inputsOf('settings.update').at(-1)).toEqual({ batchSize: 500, shrinkThresholdPercent: 25, minimumListSize: 100, oauthRedirectUri: 'http://localhost:8085/' }));
    expect(stored.batchSize).toBe(500);
  });
});
