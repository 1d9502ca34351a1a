import { useState, type FormEvent } from 'react';
import type { LookupResult } from '../../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS, KIND_LABEL, REJECT_REASON_LABEL, type IdentifierKind } from '../../../../shared/identifiers.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { formatCount, formatDateTime } from '../../lib/format.js';
import { Alert, Button, ErrorAlert, Select, TextField } from '../../ui/index.js';

const PLACEHOLDER: Record<IdentifierKind, string> = {
  email: 'name@example.com',
  gaid: '38400000-8cf0-11bd-b23e-10b96e40000d',
  idfa: 'EA7583CD-A667-48BC-B806-42ECB2B48606',
};

/**
 * "Is this person in the list?": the typed value is normalized and hashed by the core, on this
 * computer, and only the hash is looked up. It is neither stored nor logged.
 */
export function LookupBox({ listId, defaultKind, subject = 'list' }: { listId: number; defaultKind: IdentifierKind; subject?: 'list' | 'suppression' }) {
  const client = useClient();
  const [kind, setKind] = useState<IdentifierKind>(defaultKind);
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ value: string; answer: LookupResult } | null>(null);
  const { run, busy, error } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    await run(async () => {
      // A failure hides the previous answer, which may be about another value.
      const answer = await client.call('lists.lookup', { listId, kind, value }).catch((failure: unknown) => {
        setResult(null);
        throw failure;
      });
      setResult({ value, answer });
    });
  };

  return (
    <form className="lookup" onSubmit={(event) => void submit(event)} aria-label={subject === 'suppression' ? 'Is this person on the suppression list?' : 'Is this person in the list?'}>
      <div className="lookup-fields">
        <Select
          label="Kind"
          value={kind}
          options={IDENTIFIER_KINDS.map((option) => ({ value: option, label: KIND_LABEL[option] }))}
          onChange={(next) => {
            setKind(next);
            setResult(null);
          }}
        />
        <TextField
          className="lookup-value"
          label="Email or ad ID to look up"
          placeholder={PLACEHOLDER[kind]}
          value={value}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setValue(event.target.value);
            setResult(null);
          }}
        />
        <Button type="submit" icon="search" busy={busy} disabled={!value.trim()}>
          Check
        </Button>
      </div>
      <p className="field-hint">Hashed on this computer and looked up by its hash. What you type is not stored.</p>
      <div aria-live="polite">
        {result && <LookupAnswer answer={result.answer} typed={result.value} subject={subject} />}
      </div>
      <ErrorAlert error={error} title="Could not look it up" />
    </form>
  );
}

const REMOVAL_CAUSE: Record<'not_in_file' | 'suppressed' | 'in_remove_file', string> = {
  not_in_file: 'not in that file (a replace)',
  suppressed: 'on the suppression list at that import',
  in_remove_file: 'in that remove file',
};

type Found = Extract<LookupResult, { found: boolean }>;
type RejectedRow = Found['rejectedRows'][number];

function importName(event: { importId: number; fileName: string; at: string }): string {
  return `import #${event.importId} (${event.fileName}, ${formatDateTime(event.at)})`;
}

function LookupAnswer({ answer, typed, subject }: { answer: LookupResult; typed: string; subject: 'list' | 'suppression' }) {
  if ('rejected' in answer) {
    return (
      <Alert tone="warning" title="Not a valid value for this kind">
        “{typed}”: {answer.reasonLabel ?? REJECT_REASON_LABEL[answer.rejected]}. It could never be {subject === 'suppression' ? 'on the suppression list' : 'in the list'}.
        <RejectedRows rows={answer.rejectedRows ?? []} />
      </Alert>
    );
  }
  const title =
    subject === 'suppression'
      ? answer.found
        ? 'This person is on the suppression list'
        : 'This person is not on the suppression list'
      : answer.found
        ? answer.suppressed
          ? 'In the list, but suppressed: not sent to Pinterest'
          : 'Yes, this person is in the list'
        : 'No, this person is not in the list';
  // On the suppression list is a fact to note, not a success.
  const tone = subject === 'list' && answer.found && !answer.suppressed ? 'success' : 'info';
  return (
    <Alert tone={tone} title={title}>
      <dl className="lookup-detail">
        <dt>Normalized</dt>
        <dd className="mono">{answer.normalized}</dd>
        <dt>SHA-256</dt>
        <dd className="mono hash-wrap">{answer.hash}</dd>
      </dl>
      {answer.prehashed && <p className="small muted">You typed a SHA-256 hash; it was looked up as it is.</p>}
      {subject === 'list' && <LookupWhy answer={answer} />}
    </Alert>
  );
}

/** Why the person is (or is not) in the list: imports that added or removed them, suppression, rejected rows, Pinterest. */
function LookupWhy({ answer }: { answer: Found }) {
  const history = answer.history ?? [];
  const pinterest = answer.pinterest ?? [];
  const suppression = answer.suppression;
  return (
    <div className="lookup-why" data-testid="lookup-why">
      <p className="lookup-why-title">Why</p>
      <ul className="lookup-events">
        {history.map((event) => (
          <li key={`${event.event}-${event.importId}`}>
            {event.event === 'added' ? `Added by ${importName(event)}.` : `Removed by ${importName(event)}: ${REMOVAL_CAUSE[event.cause]}.`}
          </li>
        ))}
        {history.length === 0 && answer.found && <li>Added before Pinlist kept an import history.</li>}
        {history.length === 0 && !answer.found && (answer.rejectedRows ?? []).length === 0 && <li>No import of this list had this person.</li>}
        {!answer.historyComplete && history.length > 0 && <li className="muted">Imports made before this version kept no history, so earlier events may be missing.</li>}
        {suppression?.suppressed && (
          <li>
            On the suppression list{suppression.since ? ` since ${formatDateTime(suppression.since)}` : ''}
            {suppression.fileName ? ` (${suppression.fileName})` : ''}: never sent to Pinterest.
          </li>
        )}
        {(answer.rejectedRows ?? []).map((row) => (
          <li key={`r-${row.importId}-${row.rowNumber}-${row.column}`}>{rejectedRowText(row)}</li>
        ))}
        {pinterest.map((line) => (
          <li key={`p-${line.adAccountId}-${line.customerListId ?? ''}`}>{pinterestText(line)}</li>
        ))}
      </ul>
    </div>
  );
}

function rejectedRowText(row: RejectedRow): string {
  return `Rejected in row ${formatCount(row.rowNumber)} of ${importName(row)}, column “${row.column}”: ${row.reasonLabel}.`;
}

function RejectedRows({ rows }: { rows: readonly RejectedRow[] }) {
  if (rows.length === 0) return null;
  return (
    <ul className="lookup-events">
      {rows.map((row) => (
        <li key={`r-${row.importId}-${row.rowNumber}-${row.column}`}>{rejectedRowText(row)}</li>
      ))}
    </ul>
  );
}

function pinterestText(line: Found['pinterest'][number]): string {
  const where = `ad account ${line.adAccountId}`;
  switch (line.state) {
    case 'synced':
      return `On Pinterest (${where})${line.lastSyncAt ? `, synced ${formatDateTime(line.lastSyncAt)}` : ''}.`;
    case 'waiting_add':
      return `Not on Pinterest yet (${where}): the next sync adds them.`;
    case 'waiting_remove':
      return `Still on Pinterest (${where}): the next sync removes them.`;
    case 'not_synced':
      return `Not on Pinterest (${where}).`;
  }
}
