import { useState } from 'react';
import { LOOKALIKE_COUNTRIES, type KindHealth, type Lookalike, type LookalikeCountry } from '../../../../shared/contract/audiences.js';
import type { IdentifierKind } from '../../../../shared/identifiers.js';
import { useClient } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { Alert, Button, Checkbox, Dialog, ErrorAlert, Select, TextField } from '../../ui/index.js';
import { KIND_SHORT } from '../common.js';
import { percentageWords } from './audience-text.js';

const COUNTRY_NAMES: Record<LookalikeCountry, string> = { US: 'United States', CA: 'Canada', GB: 'United Kingdom' };

/**
 * Grow a list: pick the seed kinds (default: every kind whose audience is READY), the country and
 * the size. A seed not ready yet leaves the lookalike pending, which the dialog says plainly.
 */
export function LookalikeDialog({
  open,
  onClose,
  onCreated,
  listId,
  listName,
  adAccountId,
  kinds,
}: {
  open: boolean;
  onClose(): void;
  onCreated(lookalike: Lookalike): void;
  listId: number;
  listName: string;
  adAccountId: string;
  kinds: readonly KindHealth[];
}) {
  const client = useClient();
  const withAudience = kinds.filter((k) => k.audienceId !== null);
  const ready = withAudience.filter((k) => k.status === 'READY').map((k) => k.kind);
  const [seeds, setSeeds] = useState<IdentifierKind[]>(ready.length > 0 ? ready : withAudience.map((k) => k.kind));
  const [country, setCountry] = useState<LookalikeCountry>('US');
  const [percentage, setPercentage] = useState(5);
  const [name, setName] = useState('');
  const { run, busy, error } = useAction();
  const [result, setResult] = useState<Lookalike | null>(null);

  const create = () =>
    run(async () => {
      const made = await client.call('audiences.lookalikeCreate', { listId, adAccountId, country, percentage, kinds: seeds, name: name.trim() || undefined });
      setResult(made);
      onCreated(made);
      if (made.state === 'created') onClose();
    });

  return (
    <Dialog
      open={open}
      title="Create a lookalike audience"
      description={`People on Pinterest who resemble "${listName}". Only audience IDs and these settings are sent, never a member.`}
      onClose={onClose}
      dismissable={!busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} disabled={seeds.length === 0} onClick={() => void create()}>
            Create lookalike
          </Button>
        </>
      }
    >
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <fieldset className="audience-choices">
          <legend className="field-label">Seed audiences</legend>
          {withAudience.map((k) => (
            <Checkbox
              key={k.kind}
              label={`${KIND_SHORT[k.kind]} (${k.status ?? 'status unknown'})`}
              checked={seeds.includes(k.kind)}
              onChange={(checked) => setSeeds((current) => (checked ? [...current, k.kind] : current.filter((s) => s !== k.kind)))}
            />
          ))}
        </fieldset>
        <Select<LookalikeCountry>
          label="Country"
          value={country}
          onChange={setCountry}
          options={LOOKALIKE_COUNTRIES.map((code) => ({ value: code, label: COUNTRY_NAMES[code] }))}
        />
        <div>
          <label htmlFor="lookalike-size" className="field-label">
            Size: {percentage}% of the country
          </label>
          <input
            id="lookalike-size"
            type="range"
            className="audience-range"
            min={1}
            max={10}
            step={1}
            value={percentage}
            aria-describedby="lookalike-size-words"
            onChange={(event) => setPercentage(Number(event.target.value))}
          />
          <p id="lookalike-size-words" className="small muted">
            {percentageWords(percentage)} 1% is the most similar, 10% the broadest.
          </p>
        </div>
        <TextField label="Name (optional)" value={name} maxLength={200} placeholder={`${listName} lookalike (${country}, ${percentage}%)`} onChange={(event) => setName(event.target.value)} />
      </form>
      {result?.state === 'pending' && (
        <Alert tone="info" title="Waiting for the seed audience">
          {result.message}
        </Alert>
      )}
      <ErrorAlert error={error} title="Could not create the lookalike" />
    </Dialog>
  );
}
