// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportFile, ListDetail, OutputOf } from '../../shared/contract/index.js';
import { PinlistError } from '../../shared/errors.js';
import { defaultSettings } from '../../shared/settings.js';
import { RejectsPanel } from '../../renderer/src/screens/list/RejectsPanel.js';
import { FakeClient } from '../helpers/ui-fake-client.js';
import { listDetail } from '../helpers/ui-fixtures.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(cleanup);

const list: ListDetail = listDetail({ id: 4, rejectsStored: 2 });

const written: ExportFile = {
  fileId: 'spring-buyers-rejects-20260301-100000z-0a0b0c0d.csv',
  path: '/data/exports/spring-buyers-rejects-20260301-100000z-0a0b0c0d.csv',
  rows: 2,
  bytes: 120,
};

const SAVED_TO = '/home/anna/Downloads/spring rejects.csv';

function fakeCore(save: () => OutputOf<'files.saveExport'>): FakeClient {
  return new FakeClient({
    'settings.get': () => defaultSettings,
    'jobs.list': () => [],
    'lists.rejects': () => ({
      total: 2,
      rows: [
        { importId: 1, rowNumber: 2, column: 'email', reason: 'missing_at', reasonLabel: 'No @ in the email', rawValue: 'anna.example.com', extra: null },
        { importId: 1, rowNumber: 5, column: 'email', reason: 'missing_at', reasonLabel: 'No @ in the email', rawValue: 'bob', extra: null },
      ],
      importId: null,
      extraColumn: null,
    }),
    'lists.exportRejects': () => written,
    'files.saveExport': save,
    'files.showSavedExport': () => ({ shown: true }),
  });
}

describe('exports in the desktop app', () => {
  it('"Save as CSV" writes the export, asks for a place with the save dialog, shows where it went and offers to show it', async () => {
    const client = fakeCore(() => ({ saved: true, path: SAVED_TO }));
    renderWithApp(<RejectsPanel list={list} onPurged={() => {}} />, client, { surface: 'electron' });
    fireEvent.click(await screen.findByRole('button', { name: /save as csv/i }));

    await screen.findByText(`2 rows saved to ${SAVED_TO}`);
    expect(client.inputsOf('lists.exportRejects')).toEqual([{ listId: 4 }]);
    expect(client.inputsOf('files.saveExport')).toEqual([{ fileId: written.fileId }]);
    expect(client.calls.map((call) => call.channel)).not.toContain('files.showDataFolder');

    fireEvent.click(screen.getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(client.inputsOf('files.showSavedExport')).toEqual([{ path: SAVED_TO }]));
  });

  it('says nothing when the save dialog is cancelled', async () => {
    const client = fakeCore(() => ({ saved: false }));
    renderWithApp(<RejectsPanel list={list} onPurged={() => {}} />, client, { surface: 'electron' });
    fireEvent.click(await screen.findByRole('button', { name: /save as csv/i }));
    await waitFor(() => expect(client.inputsOf('files.saveExport')).toHaveLength(1));
    await waitFor(() => expect((screen.getByRole('button', { name: /save as csv/i }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByText(/saved to/)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers to save again when the chosen folder could not be written', async () => {
    let attempts = 0;
    const client = fakeCore(() => {
      attempts++;
      if (attempts === 1) throw new PinlistError('SAVE_FAILED', 'Could not save /mnt/usb/x.csv: EACCES. Save again and choose a folder you can write to.');
      return { saved: true, path: SAVED_TO };
    });
    renderWithApp(<RejectsPanel list={list} onPurged={() => {}} />, client, { surface: 'electron' });
    fireEvent.click(await screen.findByRole('button', { name: /save as csv/i }));
    expect((await screen.findByRole('alert')).textContent).toContain('EACCES');

    fireEvent.click(screen.getByRole('button', { name: 'Save again' }));
    await screen.findByText(`2 rows saved to ${SAVED_TO}`);
    // The same export is saved again; it is not written a second time.
    expect(client.inputsOf('files.saveExport')).toEqual([{ fileId: written.fileId }, { fileId: written.fileId }]);
    expect(client.inputsOf('lists.exportRejects')).toHaveLength(1);
  });
});
