// @vitest-environment jsdom
/**
 * Issue 9 in the import wizard: an unreadable file keeps the wizard on the File step (items 5),
 * no command-line syntax and the rows visible when no identifier column is found (6), focus and
 * the live region after each step (9), a file proposed for the list it refreshes (11).
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPlan, ImportPreview, ImportSummary, InputOf, JobSummary, ListDetail } from '../../shared/contract/index.js';
import { PinlistError } from '../../shared/errors.js';
import { defaultSettings } from '../../shared/settings.js';
import { emptyDraft, type ImportDraft } from '../../renderer/src/app/import-draft.js';
import { proposeList } from '../../renderer/src/app/import-proposal.js';
import { fileTypeBadge } from '../../renderer/src/screens/import/file-kind.js';
import { ImportWizard } from '../../renderer/src/screens/import/ImportWizard.js';
import { appWording } from '../../renderer/src/screens/import/preview-logic.js';
import { FakeClient, type FakeHandlers } from '../helpers/ui-fake-client.js';
import { listDetail, listSummary } from '../helpers/ui-fixtures.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(cleanup);

const HASH = 'b'.repeat(64);
const NOW = '2026-03-01T10:00:00.000Z';
const csvFormat: ImportPreview['format'] = { type: 'csv', encoding: 'utf-8', delimiter: ',', sheet: null, bom: false, hasHeader: true };

/** A file with an Email column Pinlist recognises. */
function emailPreview(): ImportPreview {
  return {
    format: csvFormat,
    columns: [
      { index: 0, name: 'Email', kind: 'email', source: 'header' },
      { index: 1, name: 'Customer ID', kind: 'ignore', source: 'header' },
    ],
    rows: [{ rowNumber: 2, fields: ['ann@example.com', 'C-1'], rowReason: null, cells: [{ column: 0, raw: 'ann@example.com', normalized: 'ann@example.com', hash: HASH, status: 'valid', reason: null, prehashed: false }] }],
    warnings: [],
    truncated: false,
    fileSize: 100,
  };
}

/** A file whose headers name nothing Pinlist knows: the core's warning still carries the CLI's hint. */
function unknownColumnsPreview(input: InputOf<'import.preview'>): ImportPreview {
  const kind = input.overrides?.find((override) => override.column === '2')?.kind ?? 'ignore';
  const fields = [
    ['Ann', 'ann@example.com'],
    ['Bob', 'bob@example.com'],
  ];
  return {
    format: csvFormat,
    columns: [
      { index: 0, name: 'Kunde', kind: 'ignore', source: 'header' },
      { index: 1, name: 'Kontakt', kind, source: kind === 'ignore' ? 'header' : 'user' },
    ],
    rows: fields.map((row, i) => ({
      rowNumber: i + 2,
      fields: row,
      rowReason: null,
      cells: kind === 'ignore' ? [] : [{ column: 1, raw: row[1]!, normalized: row[1]!, hash: HASH, status: 'valid' as const, reason: null, prehashed: false }],
    })),
    warnings: kind === 'ignore' ? ['No column looks like an email or ad ID. Columns seen: "Kunde", "Kontakt". Map one with --map "COLUMN=email"'] : [],
    truncated: false,
    fileSize: 100,
  };
}

const plan: ImportPlan = {
  list: 'crm export',
  listExists: false,
  mode: 'replace',
  rowsRead: 1,
  valid: 1,
  rejected: 0,
  duplicates: 0,
  suppressed: 0,
  added: 1,
  removed: 0,
  removedSuppressed: 0,
  removedNotInFile: 0,
  membersBefore: { email: 0, gaid: 0, idfa: 0 },
  membersAfter: { email: 1, gaid: 0, idfa: 0 },
  rejectReasons: {},
  columns: emailPreview().columns,
  format: csvFormat,
};

const summary: ImportSummary = {
  list: 'crm export',
  listId: 7,
  importId: 1,
  rowsRead: 1,
  valid: 1,
  rejected: 0,
  duplicates: 0,
  suppressed: 0,
  added: 1,
  removed: 0,
  removedSuppressed: 0,
  removedNotInFile: 0,
  members: { email: 1, gaid: 0, idfa: 0 },
  rejectReasons: {},
};

function core(handlers: FakeHandlers = {}): FakeClient {
  return new FakeClient({
    'settings.get': () => defaultSettings,
    'jobs.list': () => [],
    'jobs.cancel': () => ({ cancelled: true }),
    'lists.list': () => [],
    'files.release': () => ({ released: true }),
    'import.preview': () => emailPreview(),
    'import.plan': () => ({ jobId: 'plan-1' }),
    'import.start': () => ({ jobId: 'import-1' }),
    ...handlers,
  });
}

function chooseFile(name: string, text = 'x') {
  fireEvent.change(screen.getByLabelText('Choose a file to import'), { target: { files: [new File([text], name)] } });
}

function currentStep(): string | null {
  const list = screen.getByRole('list', { name: 'Import steps' });
  return within(list).getAllByRole('listitem').find((item) => item.getAttribute('aria-current') === 'step')?.textContent ?? null;
}

function finished(jobId: string, kind: JobSummary['kind'], result: unknown): JobSummary {
  return { jobId, kind, label: kind, state: 'succeeded', startedAt: NOW, finishedAt: NOW, progress: null, error: null, result };
}

describe('an unreadable file (item 5)', () => {
  it('stays on the File step, says what the file is, offers one "Choose another file" and releases the upload', async () => {
    const client = core({
      'import.preview': () => {
        throw new PinlistError('FILE_BINARY', '"orders.xlsx" isn\'t a spreadsheet or text file (it contains binary data, like an image or a program).');
      },
    });
    renderWithApp(<ImportWizard />, client, { draft: emptyDraft });
    chooseFile('orders.xlsx', 'not a zip at all');

    const error = await screen.findByTestId('unreadable-file');
    expect(error.textContent).toContain('“orders.xlsx” is not a readable Excel workbook (.xlsx)');
    expect(error.textContent).toContain('damaged, or another kind of file renamed');
    expect(document.body.textContent).not.toContain('binary data');
    expect(currentStep()).toBe('1File');
    expect(screen.getAllByRole('button', { name: /Choose (another )?file/ }).map((button) => button.textContent)).toEqual(['Choose another file']);
    expect(screen.queryByRole('combobox', { name: /Kind of column/ })).toBeNull();
    expect(client.inputsOf('files.release')).toEqual([{ fileId: 'staged-orders.xlsx' }]);
    // Keyboard and screen reader users land on the error, not the top of the page.
    await waitFor(() => expect(document.activeElement).toBe(error));
    expect(screen.getByTestId('wizard-announcement').textContent).toBe('orders.xlsx could not be read. Choose another file.');
  });

  it('labels a workbook XLSX on the file card even before (or without) a preview', async () => {
    expect(fileTypeBadge('orders.xlsx', null)).toBe('XLSX');
    expect(fileTypeBadge('list.tsv', null)).toBe('TSV');
    expect(fileTypeBadge('list.csv', null)).toBe('CSV');
    const client = core({ 'import.preview': () => new Promise<ImportPreview>(() => undefined) });
    const draft: ImportDraft = { ...emptyDraft, step: 'columns', file: { fileId: 'f', name: 'orders.xlsx', size: 10 }, target: { type: 'new', name: 'orders' } };
    renderWithApp(<ImportWizard />, client, { draft });
    expect((await screen.findByText('orders.xlsx')).closest('.file-summary')?.querySelector('.file-summary-icon')?.textContent).toBe('XLSX');
  });
});

describe('no identifier column found (item 6)', () => {
  it('shows no command-line syntax, the mapping dropdowns and every row as read', async () => {
    const client = core({ 'import.preview': unknownColumnsPreview });
    renderWithApp(<ImportWizard />, client, { draft: { ...emptyDraft, step: 'columns', file: { fileId: 'f', name: 'kunden.csv', size: 10 }, target: { type: 'new', name: 'kunden' } } });

    await screen.findByRole('combobox', { name: 'Kind of column Kontakt' });
    expect(document.body.textContent).not.toContain('--map');
    expect(document.body.textContent).not.toContain('Pinlist detected these identifier columns');
    screen.getByText(/No column looks like an email or ad ID/);
    const table = screen.getByRole('table', { name: 'Preview of the first rows' });
    within(table).getByRole('columnheader', { name: 'Kontakt' });
    within(table).getByRole('cell', { name: 'bob@example.com' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);

    fireEvent.change(screen.getByRole('combobox', { name: 'Kind of column Kontakt' }), { target: { value: 'email' } });
    await waitFor(() => expect(screen.getByTestId('preview-counts').textContent).toContain('2 valid values'));
  });

  it('drops the sentence that names a command-line option, and keeps the rest', () => {
    expect(appWording('No column looks like an email or ad ID. Columns seen: "A". Map one with --map "COLUMN=email"')).toBe('No column looks like an email or ad ID. Columns seen: "A".');
    expect(appWording('Rows 1–2 above the table were skipped.')).toBe('Rows 1–2 above the table were skipped.');
  });
});

describe('focus and announcements after each step (item 9)', () => {
  it('moves focus to the new content after choosing a file, Continue and Import, and announces the outcome', async () => {
    const client = core();
    renderWithApp(<ImportWizard />, client, { draft: emptyDraft });
    chooseFile('crm export.csv');

    const columns = await screen.findByRole('heading', { level: 2, name: 'Columns' });
    await waitFor(() => expect(document.activeElement).toBe(columns));
    expect(screen.getByTestId('wizard-announcement').textContent).toBe('Opened crm export.csv. Step 2 of 5: check the columns.');
    // The preview read to check the file is the one shown: not asked for twice.
    expect(client.inputsOf('import.preview')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const destination = await screen.findByRole('heading', { level: 2, name: 'Destination' });
    await waitFor(() => expect(document.activeElement).toBe(destination));
    expect(screen.getByTestId('wizard-announcement').textContent).toBe('Step 3 of 5: choose the list and the mode.');

    act(() => client.emit('job.finished', finished('plan-1', 'import-plan', plan)));
    await screen.findByTestId('import-effect');
    fireEvent.click(screen.getByRole('button', { name: 'Import into crm export' }));
    await waitFor(() => expect(client.inputsOf('import.start')).toHaveLength(1));
    act(() => client.emit('job.finished', finished('import-1', 'import', summary)));
    const done = await screen.findByTestId('import-summary');
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(screen.getByTestId('wizard-announcement').textContent).toBe('Imported into crm export: +1 added, \u22120 removed.');
  });
});

describe('a file for a list that exists (item 11)', () => {
  it('proposes the list named like the file, with Replace and the mapping saved by its last import', async () => {
    const record = {
      id: 3,
      mode: 'replace' as const,
      fileName: 'spring buyers.csv',
      fileSize: 10,
      fileSha256: 'c'.repeat(64),
      rowsRead: 1,
      valid: 1,
      rejected: 0,
      duplicates: 0,
      suppressed: 0,
      added: 1,
      removed: 0,
      removedSuppressed: 0,
      removedNotInFile: 0,
      rejectReasons: {},
      rejectsExtraColumn: null,
      membersAfter: { email: 1, gaid: 0, idfa: 0 },
      rejectsStored: 0,
      durationMs: 5,
      at: NOW,
      mapping: [
        { index: 0, name: 'Kunde', kind: 'ignore', source: 'header' },
        { index: 1, name: 'Kontakt', kind: 'email', source: 'user' },
      ],
      format: csvFormat,
    };
    const existing = listSummary({ id: 4, name: 'Spring buyers' });
    const detail: ListDetail = listDetail({ ...existing, imports: [record] });
    const client = core({ 'lists.list': () => [existing], 'lists.get': () => detail, 'import.preview': unknownColumnsPreview });
    renderWithApp(<ImportWizard />, client, { draft: emptyDraft });
    chooseFile('Spring_buyers.csv');

    await screen.findByText('This looks like a new export for “Spring buyers”');
    // The saved choice (Kontakt = email) is applied, so the preview asks with it.
    await waitFor(() => expect(client.inputsOf('import.preview').at(-1)?.overrides).toEqual([{ column: '2', kind: 'email' }]));
    expect(await screen.findByRole('combobox', { name: 'Kind of column Kontakt' })).toHaveProperty('value', 'email');

    fireEvent.click(await screen.findByRole('button', { name: 'Continue' }));
    const target = await screen.findByRole('radiogroup', { name: 'Import into' }).catch(() => screen.getByRole('group', { name: 'Import into' }));
    expect(within(target).getByRole('radio', { name: /An existing list/ })).toHaveProperty('checked', true);
    expect(screen.getByRole('combobox', { name: 'List' })).toHaveProperty('value', '4');
    expect(within(screen.getByRole('group', { name: 'Mode' })).getByRole('radio', { name: /^Replace/ })).toHaveProperty('checked', true);
    expect(screen.queryByText(/already exists/)).toBeNull();
  });
});

describe('matching a file to a list by its columns (item 11)', () => {
  it('proposes the list whose last import had exactly these columns, with its saved choices; none for other columns', () => {
    const preview = unknownColumnsPreview({ fileId: 'f' });
    const lists = [listSummary({ id: 1, name: 'Newsletter' }), listSummary({ id: 2, name: 'CRM weekly' })];
    const withMapping = (id: number, names: string[]): ListDetail =>
      listDetail({
        ...lists[id - 1]!,
        imports: [
          {
            id: 10 + id, mode: 'replace', fileName: 'x.csv', fileSize: 1, fileSha256: 'e'.repeat(64), rowsRead: 1, valid: 1, rejected: 0, duplicates: 0, suppressed: 0,
            added: 1, removed: 0, removedSuppressed: 0, removedNotInFile: 0, rejectReasons: {}, rejectsExtraColumn: null, membersAfter: { email: 1, gaid: 0, idfa: 0 },
            rejectsStored: 0, durationMs: 1, at: NOW, format: null,
            mapping: names.map((name, index) => ({ index, name, kind: index === 1 ? 'email' : 'ignore', source: index === 1 ? 'user' : 'header' })),
          },
        ],
      });
    const details = new Map([
      [1, withMapping(1, ['Name', 'Mail'])],
      [2, withMapping(2, ['kunde', 'KONTAKT'])],
    ]);
    expect(proposeList('weekly-2026-03.csv', preview, lists, details)).toEqual({ listId: 2, name: 'CRM weekly', why: 'columns', overrides: { 1: 'email' } });
    expect(proposeList('weekly-2026-03.csv', preview, lists, new Map([[1, withMapping(1, ['Name', 'Mail'])]]))).toBeNull();
  });
});

describe('the rejects’ extra column (issue 9 item 15, issue 12: a file is read once)', () => {
  it('is part of the plan, so Import commits the plan it made instead of reading the file again', async () => {
    const client = core();
    renderWithApp(<ImportWizard />, client, { draft: emptyDraft });
    chooseFile('crm export.csv');
    await screen.findByRole('heading', { level: 2, name: 'Columns' });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 2, name: 'Destination' });
    await waitFor(() => expect(client.inputsOf('import.plan')).toHaveLength(1));
    expect(client.inputsOf('import.plan')[0]).not.toHaveProperty('rejectsExtraColumn');

    fireEvent.change(screen.getByRole('combobox', { name: /Keep beside rejected rows/ }), { target: { value: '2' } });
    await waitFor(() => expect(client.inputsOf('import.plan')).toHaveLength(2));
    expect(client.inputsOf('import.plan')[1]).toMatchObject({ rejectsExtraColumn: '2' });

    act(() => client.emit('job.finished', finished('plan-1', 'import-plan', plan)));
    await screen.findByTestId('import-effect');
    fireEvent.click(screen.getByRole('button', { name: 'Import into crm export' }));
    await waitFor(() => expect(client.inputsOf('import.start')).toHaveLength(1));
    expect(client.inputsOf('import.start')[0]).toMatchObject({ rejectsExtraColumn: '2' });
  });
});
