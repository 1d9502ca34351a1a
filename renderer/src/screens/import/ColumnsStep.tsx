import { useState } from 'react';
import type { ImportPreview } from '../../../../shared/contract/index.js';
import { COLUMN_KINDS, KIND_LABEL, REJECT_REASON_LABEL, type ColumnKind } from '../../../../shared/identifiers.js';
import { useImportDraft } from '../../app/import-draft.js';
import { formatBytes, formatCount, plural } from '../../lib/format.js';
import { Alert, Badge, Button, Card, ErrorAlert, Select, Spinner, StatusPill, type SelectOption } from '../../ui/index.js';
import { fileTypeBadge } from './file-kind.js';
import { appWording, countPreview, describeFormat, identifierColumns, previewLines, type PreviewFilter, type PreviewLine } from './preview-logic.js';
import { PREVIEW_ROWS, usePreview } from './usePreview.js';

const KIND_OPTIONS: readonly SelectOption<ColumnKind>[] = COLUMN_KINDS.map((kind) => ({ value: kind, label: KIND_LABEL[kind] }));

const SOURCE_TEXT: Record<'header' | 'values' | 'user', (kind: ColumnKind) => string> = {
  header: (kind) => (kind === 'ignore' ? 'Not an identifier' : 'Detected from its header'),
  values: (kind) => (kind === 'ignore' ? 'Not an identifier' : 'Detected from its values'),
  user: () => 'Your choice',
};

const ENCODINGS: readonly SelectOption[] = [
  { value: '', label: 'Detect automatically' },
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'utf-16le', label: 'UTF-16 LE (Excel “Unicode text”)' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'windows-1252', label: 'Windows-1252 (older Excel)' },
  { value: 'iso-8859-1', label: 'Latin-1 (ISO-8859-1)' },
];

/** Step 2: the detected columns as dropdowns, and the first rows as Pinlist will read them. */
export function ColumnsStep() {
  const { draft, update, beginNew } = useImportDraft();
  if (!draft.file) return null;
  return <ColumnsStepInner key={draft.file.fileId} draft={draft} update={update} startOver={() => beginNew(draft.target?.type === 'existing' ? draft.target : undefined)} />;
}

type DraftApi = ReturnType<typeof useImportDraft>;

function ColumnsStepInner({ draft, update, startOver }: { draft: DraftApi['draft']; update: DraftApi['update']; startOver(): void }) {
  const file = draft.file!;
  const { preview, loading, error } = usePreview(file, draft.overrides, draft.sheet, draft.encoding, draft.firstPreview);
  const [filter, setFilter] = useState<PreviewFilter>('all');

  const setKind = (index: number, kind: ColumnKind) => update((current) => ({ overrides: { ...current.overrides, [index]: kind } }));
  const mapped = preview ? identifierColumns(preview) : [];

  return (
    <div className="stack-lg">
      <Card>
        <div className="file-summary">
          <div className="file-summary-icon" aria-hidden="true">
            <span>{fileTypeBadge(file.name, preview?.format)}</span>
          </div>
          <div className="file-summary-text">
            <p className="file-name">{file.name}</p>
            <p className="muted small">
              {formatBytes(file.size)}
              {preview && ` · ${describeFormat(preview.format)} · ${preview.format.hasHeader ? 'first row is the header' : 'no header row'}`}
            </p>
          </div>
          <div className="file-summary-controls">
            {preview?.format.type === 'xlsx' && preview.sheets && preview.sheets.length > 1 && (
              <Select
                label="Sheet"
                size="sm"
                value={draft.sheet ?? preview.format.sheet ?? preview.sheets[0] ?? ''}
                options={preview.sheets.map((sheet) => ({ value: sheet, label: sheet }))}
                onChange={(sheet) => update({ sheet, overrides: {} })}
              />
            )}
            {preview?.format.type === 'csv' && (
              <Select label="Text encoding" size="sm" value={draft.encoding ?? ''} options={ENCODINGS} onChange={(encoding) => update({ encoding: encoding || null })} />
            )}
            <Button size="sm" variant="ghost" onClick={startOver}>
              Choose another file
            </Button>
          </div>
        </div>
      </Card>

      {error !== null && error !== undefined && <ErrorAlert error={error} title="Pinlist could not read this file" actions={<Button size="sm" onClick={startOver}>Choose another file</Button>} />}
      {draft.proposal && draft.target?.type === 'existing' && draft.target.listId === draft.proposal.listId && (
        <Alert tone="info" title={`This looks like a new export for “${draft.proposal.name}”`}>
          {draft.proposal.why === 'name' ? 'The file is named like that list' : 'Its columns are those of that list’s last import'}
          {Object.keys(draft.proposal.overrides).length > 0 ? ', so its saved column choices are applied' : ''}. It will replace the list’s members unless you choose otherwise under Destination.
        </Alert>
      )}
      {preview?.warnings.map((warning) => (
        <Alert key={warning} tone="warning">
          {appWording(warning)}
        </Alert>
      ))}

      {preview && (
        <>
          <Card
            title="Columns"
            description={
              mapped.length === 0
                ? 'No column was recognised as an email or advertising ID. Set the kind of the column that holds them; the rows below show every column as read.'
                : 'Each column of the file and the kind Pinlist will read it as. Change a kind and the preview below updates at once.'
            }
            actions={loading ? <span className="row small muted" role="status"><Spinner size={14} />Updating preview…</span> : undefined}
          >
            <ColumnMapping preview={preview} onKind={setKind} />
          </Card>

          {mapped.length === 0 ? <RawRowsTable preview={preview} loading={loading} /> : <PreviewTable preview={preview} filter={filter} onFilter={setFilter} loading={loading} />}

          <div className="wizard-actions">
            <Button onClick={startOver}>Back</Button>
            <div className="row">
              {mapped.length === 0 && <span className="small muted">Map at least one column to Email, Android ad ID or IDFA.</span>}
              <Button variant="primary" disabled={mapped.length === 0 || loading} onClick={() => update({ step: 'destination' })}>
                Continue
              </Button>
            </div>
          </div>
        </>
      )}
      {!preview && loading && (
        <Card>
          <div className="staging" role="status">
            <Spinner size={20} />
            <p>Reading the first {formatCount(PREVIEW_ROWS)} rows…</p>
          </div>
        </Card>
      )}
    </div>
  );
}

/** Each column of the file with a dropdown for its kind, its detection source and a sample value. */
export function ColumnMapping({ preview, onKind }: { preview: ImportPreview; onKind(index: number, kind: ColumnKind): void }) {
  return (
    <div className="column-grid" data-testid="column-mapping">
      {preview.columns.map((column) => (
        <div key={column.index} className={`column-card${column.kind === 'ignore' ? ' is-ignored' : ''}`}>
          <Select
            label={<span className="column-name">{column.name}</span>}
            aria-label={`Kind of column ${column.name}`}
            size="sm"
            value={column.kind}
            options={KIND_OPTIONS}
            onChange={(kind) => onKind(column.index, kind)}
            hint={SOURCE_TEXT[column.source](column.kind)}
          />
          <p className="column-sample mono" title={sampleOf(preview, column.index)}>
            {sampleOf(preview, column.index) || <span className="muted">(empty)</span>}
          </p>
        </div>
      ))}
    </div>
  );
}

function sampleOf(preview: ImportPreview, index: number): string {
  for (const row of preview.rows) {
    const value = row.fields[index];
    if (value && value.trim()) return value;
  }
  return '';
}

const FILTERS: readonly SelectOption<PreviewFilter>[] = [
  { value: 'all', label: 'All rows' },
  { value: 'problems', label: 'Rejected and duplicates' },
  { value: 'valid', label: 'Valid only' },
];

function PreviewTable({ preview, filter, onFilter, loading }: { preview: ImportPreview; filter: PreviewFilter; onFilter(filter: PreviewFilter): void; loading: boolean }) {
  const counts = countPreview(preview);
  const lines = previewLines(preview, filter);
  const many = identifierColumns(preview).length > 1;
  return (
    <Card
      padded={false}
      title="Preview"
      description={`The first ${plural(preview.rows.length, 'row')}${preview.truncated ? ' of the file' : ''}, exactly as the import will read them.`}
      actions={<Select label="Show" hideLabel size="sm" value={filter} options={FILTERS} onChange={onFilter} />}
    >
      <div className="preview-counts" aria-live="polite" data-testid="preview-counts">
        <StatusPill tone={counts.valid > 0 ? 'success' : 'neutral'}>{plural(counts.valid, 'valid value')}</StatusPill>
        <StatusPill tone={counts.duplicate > 0 ? 'warning' : 'neutral'}>{plural(counts.duplicate, 'duplicate')}</StatusPill>
        <StatusPill tone={counts.rejected > 0 ? 'danger' : 'neutral'}>{plural(counts.rejected, 'rejected', 'rejected')}</StatusPill>
        {counts.skipped > 0 && <StatusPill tone="neutral">{formatCount(counts.skipped)} empty, skipped</StatusPill>}
      </div>
      <div className={`preview-scroll${loading ? ' is-stale' : ''}`} aria-busy={loading || undefined} role="region" aria-label="Preview rows" tabIndex={0}>
        <table className={`table table-dense preview-table${many ? ' has-column' : ''}`}>
          <caption className="visually-hidden">Preview of the first rows</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              {many && <th scope="col">Column</th>}
              <th scope="col">Raw value</th>
              <th scope="col">Normalized</th>
              <th scope="col">SHA-256</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {lines.length === 0 ? (
              <tr>
                <td colSpan={many ? 6 : 5} className="table-empty">
                  No rows match this filter.
                </td>
              </tr>
            ) : (
              lines.map((line) => <PreviewLineRow key={line.key} line={line} many={many} />)
            )}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** With no identifier column yet, the rows as read (every column), so the user can tell which column to map. */
function RawRowsTable({ preview, loading }: { preview: ImportPreview; loading: boolean }) {
  return (
    <Card padded={false} title="Preview" description={`The first ${plural(preview.rows.length, 'row')}${preview.truncated ? ' of the file' : ''}, as read. Statuses appear once a column is set to Email, Android ad ID or IDFA.`}>
      <div className={`preview-scroll${loading ? ' is-stale' : ''}`} aria-busy={loading || undefined} role="region" aria-label="Preview rows" tabIndex={0}>
        <table className="table table-dense preview-table raw-rows-table">
          <caption className="visually-hidden">Preview of the first rows</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              {preview.columns.map((column) => (
                <th key={column.index} scope="col">
                  {column.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.rowNumber}>
                <td className="num">{row.rowNumber}</td>
                {preview.columns.map((column) => (
                  <td key={column.index} className="mono raw-cell" title={row.fields[column.index] ?? ''}>
                    {row.fields[column.index] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function PreviewLineRow({ line, many }: { line: PreviewLine; many: boolean }) {
  if (!line.cell) {
    return (
      <tr className="is-rejected">
        <td className="num">{line.rowNumber}</td>
        {many && <td className="muted">—</td>}
        <td className="mono raw-cell" title={line.fields.join(' | ')}>
          {line.fields.join(' | ')}
        </td>
        <td className="muted">—</td>
        <td className="muted">—</td>
        <td>
          <StatusPill tone="danger">{line.rowReason ? REJECT_REASON_LABEL[line.rowReason] : 'Rejected'}</StatusPill>
        </td>
      </tr>
    );
  }
  const { cell } = line;
  return (
    <tr className={`is-${cell.status}`}>
      <td className="num">{line.rowNumber}</td>
      {many && (
        <td>
          <span className="column-tag">{line.column}</span>
        </td>
      )}
      <td className="mono raw-cell" title={cell.raw}>
        {cell.raw === '' ? <span className="muted">(empty)</span> : cell.raw}
      </td>
      <td className="mono">{cell.normalized ?? <span className="muted">—</span>}</td>
      <td className="mono hash-cell" title={cell.hash ?? undefined}>
        {cell.hash ? cell.hash : <span className="muted">—</span>}
        {cell.prehashed && (
          <Badge tone="info" className="hash-badge">
            already hashed
          </Badge>
        )}
      </td>
      <td>
        <CellStatus status={cell.status} reason={cell.reason} />
      </td>
    </tr>
  );
}

function CellStatus({ status, reason }: { status: 'valid' | 'duplicate' | 'rejected' | 'skipped'; reason: keyof typeof REJECT_REASON_LABEL | null }) {
  switch (status) {
    case 'valid':
      return <StatusPill tone="success">Valid</StatusPill>;
    case 'duplicate':
      return <StatusPill tone="warning">Duplicate</StatusPill>;
    case 'skipped':
      return <StatusPill tone="neutral">Empty, skipped</StatusPill>;
    case 'rejected':
      return <StatusPill tone="danger">{reason ? REJECT_REASON_LABEL[reason] : 'Rejected'}</StatusPill>;
  }
}
