import { useRef, useState } from 'react';
import { useImportDraft } from '../../app/import-draft.js';
import { useServices } from '../../app/services.js';
import { formatBytes } from '../../lib/format.js';
import { Button, Card, ErrorAlert, Icon, Spinner } from '../../ui/index.js';

/** Step 1: choose a file (the OS dialog in the desktop app, the browser's picker otherwise) or drop one. */
export function FileStep() {
  const { client, surface } = useServices();
  const { draft, beginWithFile, beginWithStaged, staging, stagingError, clearStagingError } = useImportDraft();
  const inputRef = useRef<HTMLInputElement>(null);
  const [pickError, setPickError] = useState<unknown>(null);
  const [picking, setPicking] = useState(false);
  const target = draft.target?.type === 'existing' ? draft.target : undefined;

  const choose = async () => {
    setPickError(null);
    clearStagingError();
    if (surface === 'browser') {
      inputRef.current?.click();
      return;
    }
    setPicking(true);
    try {
      const staged = await client.call('files.pick', {});
      if (staged) beginWithStaged(staged, target);
    } catch (error) {
      setPickError(error);
    } finally {
      setPicking(false);
    }
  };

  if (staging) {
    return (
      <Card>
        <div className="staging" role="status">
          <Spinner size={22} />
          <div>
            <p className="staging-title">Opening {staging.name}</p>
            <p className="muted small">{surface === 'browser' ? `Handing ${formatBytes(staging.size)} to Pinlist on this computer…` : 'Reading the file…'}</p>
          </div>
        </div>
      </Card>
    );
  }

  return (
    <div className="stack">
      <ErrorAlert error={stagingError ?? pickError} title="That file could not be opened" />
      {target && (
        <p className="muted">
          Importing into <strong>{target.name}</strong>.
        </p>
      )}
      <div className="file-drop">
        <div className="file-drop-icon">
          <Icon name="upload" size={28} />
        </div>
        <p className="file-drop-title">Drop a spreadsheet here</p>
        <p className="muted">CSV, TSV or Excel (.xlsx), any size. Pinlist finds the email and advertising ID columns; you can change them next.</p>
        <div className="row file-drop-actions">
          <Button variant="primary" icon="file" onClick={() => void choose()} busy={picking}>
            Choose file…
          </Button>
        </div>
        <input
          ref={inputRef}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Choose a file to import"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void beginWithFile(file, target);
          }}
        />
      </div>
    </div>
  );
}
