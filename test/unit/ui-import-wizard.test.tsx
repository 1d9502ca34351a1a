// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPreview, InputOf } from '../../shared/contract/index.js';
import { defaultSettings } from '../../shared/settings.js';
import { emptyDraft, type ImportDraft } from '../../renderer/src/app/import-draft.js';
import { ImportWizard } from '../../renderer/src/screens/import/ImportWizard.js';
import { overridesFor, previewLines } from '../../renderer/src/screens/import/preview-logic.js';
import { FakeClient } from '../helpers/ui-fake-client.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(cleanup);

const FILE = { fileId: 'file-1', name: 'crm-export.csv', size: 2048 };
const HASH_A = 'a'.repeat(64);

const draftAtColumns: ImportDraft = { ...emptyDraft, step: 'columns', file: FILE, target: { type: 'new', name: 'crm export' } };

const format: ImportPreview['format'] = { type: 'csv', encoding: 'utf-8', delimiter: ',', sheet: null, bom: false, hasHeader: true };

/**
 * A preview as the core answers it: "Contact" is not recognised by its header, so it is ignored
 * until the user maps it; mapped to email, its values get statuses.
 */
function previewFor(input: InputOf<'import.preview'>): ImportPreview {
  const contactKind = input.overrides?.find((override) => override.column === '2')?.kind ?? 'ignore';
  const mapped = contactKind !== 'ignore';
  const fields = [
    ['Ann', 'ann@example.com'],
    ['Bob', 'bob.example.com'],
    ['Ann again', 'ann@example.com'],
  ];
  return {
    format,
    columns: [
      { index: 0, name: 'Name', kind: 'ignore', source: 'header' },
      { index: 1, name: 'Contact', kind: contactKind, source: mapped ? 'user' : 'header' },
    ],
    rows: fields.map((row, index) => ({
      rowNumber: index + 2,
      fields: row,
      rowReason: null,
      cells: mapped
        ? [
            index === 0
              ? { column: 1, raw: row[1]!, normalized: 'ann@example.com', hash: HASH_A, status: 'valid' as const, reason: null, prehashed: false }
              : index === 1
                ? { column: 1, raw: row[1]!, normalized: null, hash: null, status: 'rejected' as const, reason: 'missing_at' as const, prehashed: false }
                : { column: 1, raw: row[1]!, normalized: 'ann@example.com', hash: HASH_A, status: 'duplicate' as const, reason: null, prehashed: false },
          ]
        : [],
    })),
    warnings: mapped ? [] : ['No identifier column was recognised. Map one of the columns Name, Contact.'],
    truncated: false,
    fileSize: FILE.size,
  };
}

function fakeCore(preview: (input: InputOf<'import.preview'>) => ImportPreview | Promise<ImportPreview> = previewFor): FakeClient {
  return new FakeClient({
    'settings.get': () => defaultSettings,
    'jobs.list': () => [],
    'lists.list': () => [],
    'import.preview': preview,
    'import.plan': () => ({ jobId: 'plan-1' }),
  });
}

describe('import wizard: column mapping', () => {
  it('offers the workbook\'s sheets and previews the one picked', async () => {
    const client = fakeCore((input) => ({
      ...previewFor(input),
      format: { ...format, type: 'xlsx', encoding: null, delimiter: null, sheet: input.sheet ?? 'Export' },
      sheets: ['Export', 'Opt-outs'],
    }));
    renderWithApp(<ImportWizard />, client, { draft: draftAtColumns });
    const sheet = await screen.findByRole('combobox', { name: 'Sheet' });
    expect(sheet).toHaveProperty('value', 'Export');
    expect(within(sheet).getAllByRole('option').map((option) => option.textContent)).toEqual(['Export', 'Opt-outs']);
    fireEvent.change(sheet, { target: { value: 'Opt-outs' } });
    await waitFor(() => expect(client.inputsOf('import.preview').at(-1)).toEqual({ fileId: FILE.fileId, rows: 200, sheet: 'Opt-outs' }));
    expect(screen.queryByRole('combobox', { name: 'Text encoding' })).toBeNull();
  });

  it('re-requests the preview with the override when a column kind changes, and shows the new statuses', async () => {
    const client = fakeCore();
    renderWithApp(<ImportWizard />, client, { draft: draftAtColumns });

    const contact = await screen.findByRole('combobox', { name: 'Kind of column Contact' });
    expect(contact).toHaveProperty('value', 'ignore');
    await screen.findByText(/No identifier column was recognised/);
    expect(screen.getByRole('button', { name: 'Continue' })).toHaveProperty('disabled', true);
    expect(client.inputsOf('import.preview')).toEqual([{ fileId: FILE.fileId, rows: 200 }]);

    fireEvent.change(contact, { target: { value: 'email' } });

    // Until a column is mapped the table shows the rows as read; then it shows their statuses.
    await waitFor(() => within(screen.getByRole('table', { name: 'Preview of the first rows' })).getByText('No @ in the email'));
    const table = screen.getByRole('table', { name: 'Preview of the first rows' });
    expect(client.inputsOf('import.preview').at(-1)).toEqual({ fileId: FILE.fileId, rows: 200, overrides: [{ column: '2', kind: 'email' }] });

    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['2', '3', '4']);
    within(rows[0]!).getByText('Valid');
    within(rows[1]!).getByText('No @ in the email');
    within(rows[2]!).getByText('Duplicate');
    within(rows[0]!).getByText(HASH_A);
    expect(screen.getByTestId('preview-counts').textContent).toContain('1 valid value');
    expect(screen.queryByText(/No identifier column was recognised/)).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Kind of column Contact' })).toHaveProperty('value', 'email');
    expect(screen.getByRole('button', { name: 'Continue' })).toHaveProperty('disabled', false);
  });

  it('keeps every choice made so far in the overrides, and shows only the answer to the latest request', async () => {
    let releaseSlow: (() => void) | null = null;
    const client = fakeCore(async (input) => {
      // The request for "idfa" answers after the later request for "email".
      if (input.overrides?.some((override) => override.kind === 'idfa')) await new Promise<void>((resolve) => (releaseSlow = resolve));
      return previewFor(input);
    });
    // The answers as the wizard receives them, to wait for the superseded one to arrive.
    const answers: Promise<unknown>[] = [];
    const call = client.call.bind(client);
    client.call = ((channel, input) => {
      const answer = call(channel, input);
      if (channel === 'import.preview') answers.push(answer);
      return answer;
    }) as typeof client.call;
    renderWithApp(<ImportWizard />, client, { draft: draftAtColumns });
    const contact = await screen.findByRole('combobox', { name: 'Kind of column Contact' });

    fireEvent.change(screen.getByRole('combobox', { name: 'Kind of column Name' }), { target: { value: 'ignore' } });
    await waitFor(() => expect(client.inputsOf('import.preview')).toHaveLength(2));
    fireEvent.change(contact, { target: { value: 'idfa' } });
    await waitFor(() => expect(client.inputsOf('import.preview')).toHaveLength(3));
    fireEvent.change(contact, { target: { value: 'email' } });
    await waitFor(() => expect(client.inputsOf('import.preview')).toHaveLength(4));

    expect(client.inputsOf('import.preview').at(-1)?.overrides).toEqual([
      { column: '1', kind: 'ignore' },
      { column: '2', kind: 'email' },
    ]);
    await screen.findByText('No @ in the email');
    // The slow answer arrives: the wizard's own handler on it runs before this await returns (it
    // subscribed first), and act() renders whatever it changed.
    await act(async () => {
      (releaseSlow as (() => void) | null)?.();
      await answers[2];
    });
    expect(screen.getByRole('combobox', { name: 'Kind of column Contact' })).toHaveProperty('value', 'email');
  });

  it('filters the preview down to the problems', async () => {
    const client = fakeCore();
    renderWithApp(<ImportWizard />, client, { draft: { ...draftAtColumns, overrides: { 1: 'email' } } });
    const table = await screen.findByRole('table', { name: 'Preview of the first rows' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    fireEvent.change(screen.getByRole('combobox', { name: 'Show' }), { target: { value: 'problems' } });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]!.textContent)).toEqual(['3', '4']);
  });
});

describe('import wizard: mapping helpers', () => {
  it('names columns by their 1-based number, in column order', () => {
    expect(overridesFor({ 4: 'gaid', 0: 'ignore', 2: 'email' })).toEqual([
      { column: '1', kind: 'ignore' },
      { column: '3', kind: 'email' },
      { column: '5', kind: 'gaid' },
    ]);
  });

  it('lists a ragged row once, as a reject, under every filter but "valid"', () => {
    const preview = previewFor({ fileId: 'x', overrides: [{ column: '2', kind: 'email' }] });
    preview.rows.push({ rowNumber: 5, fields: ['only one field'], rowReason: 'ragged_row', cells: [] });
    expect(previewLines(preview, 'problems').map((line) => line.rowNumber)).toEqual([3, 4, 5]);
    expect(previewLines(preview, 'valid').map((line) => line.rowNumber)).toEqual([2]);
  });
});
