import { useState, type FormEvent } from 'react';
import type { LookupResult } from '../../../../shared/contract/lists.js';
import { IDENTIFIER_KINDS, KIND_LABEL, REJECT_REASON_LABEL, type IdentifierKind } from '../../../../shared/identifiers.js';
import { useClient } from '../../app/services.js';
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
export function LookupBox({ listId, defaultKind }: { listId: number; defaultKind: IdentifierKind }) {
  const client = useClient();
  const [kind, setKind] = useState<IdentifierKind>(defaultKind);
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ value: string; answer: LookupResult } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult({ value, answer: await client.call('lists.lookup', { listId, kind, value }) });
    } catch (failure) {
      setError(failure);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="lookup" onSubmit={(event) => void submit(event)} aria-label="Is this person in the list?">
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
        {result && <LookupAnswer answer={result.answer} typed={result.value} />}
      </div>
      <ErrorAlert error={error} title="Could not look it up" />
    </form>
  );
}

function LookupAnswer({ answer, typed }: { answer: LookupResult; typed: string }) {
  if ('rejected' in answer) {
    return (
      <Alert tone="warning" title="Not a valid value for this kind">
        “{typed}”: {REJECT_REASON_LABEL[answer.rejected]}. It could never be in the list.
      </Alert>
    );
  }
  return (
    <Alert tone={answer.found ? 'success' : 'info'} title={answer.found ? 'Yes, this person is in the list' : 'No, this person is not in the list'}>
      <dl className="lookup-detail">
        <dt>Normalized</dt>
        <dd className="mono">{answer.normalized}</dd>
        <dt>SHA-256</dt>
        <dd className="mono hash-wrap">{answer.hash}</dd>
      </dl>
      {answer.prehashed && <p className="small muted">You typed a SHA-256 hash; it was looked up as it is.</p>}
    </Alert>
  );
}
