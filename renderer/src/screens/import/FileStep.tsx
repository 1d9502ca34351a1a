import { useRef } from 'react';
import { useImportDraft } from '../../app/import-draft.js';
import { useServices } from '../../app/services.js';
import { useAction } from '../../app/useAction.js';
import { formatBytes } from '../../lib/format.js';
import { Alert, Button, Card, Icon, Spinner, errorCode, errorMessage } from '../../ui/index.js';
import { extensionOf, unreadableFileHint, unreadableFileTitle } from './file-kind.js';

/** Step 1: choose a file (the OS dialog in the desktop app, the browser's picker otherwise) or drop one. */
export function FileStep() {
  const { client, surface } = useServices();
  const { draft, beginWithFile, beginWithStaged, staging, stagingError, failedFileName, clearStagingError } = useImportDraft();
  const inputRef = useRef<HTMLInputElement>(null);
  const { run, busy: picking, error: pickError, clearError: clearPickError } = useAction();
  const target = draft.target?.type === 'existing' ? draft.target : undefined;

  const choose = async () => {
    clearPickError();
    clearStagingError();
    if (surface === 'browser') {
      inputRef.current?.click();
      return;
    }
    await run(async () => {
      const staged = await client.call('files.pick', {});
      if (staged) await beginWithStaged(staged, target);
    });
  };

  if (staging) {
    return (
      <Card>
        <div className="staging" role="status">
          <Spinner size={22} />
          <div>
            <p className="staging-title">Opening {staging.name}</p>
            <p className="muted small">{surface === 'browser' ? `Handing ${formatBytes(staging.size)} to Pinlist on this computer and reading it…` : 'Reading the file…'}</p>
          </div>
        </div>
      </Card>
    );
  }

  const error = stagingError ?? pickError;
  const failed = Boolean(error);
  return (
    <div className="stack">
      {failed && <UnreadableFile error={error} fileName={stagingError ? failedFileName : null} />}
      {target && (
        <p className="muted">
          Importing into <strong>{target.name}</strong>.
        </p>
      )}
      <div className="file-drop">
        <div className="file-drop-icon">
          <Icon name="upload" size={28} />
        </div>
        <p className="file-drop-title">{failed ? 'Drop another spreadsheet here' : 'Drop a spreadsheet here'}</p>
        <p className="muted">CSV, TSV or Excel (.xlsx), any size. Pinlist finds the email and advertising ID columns; you can change them next.</p>
        <div className="row file-drop-actions">
          <Button variant="primary" icon="file" onClick={() => void choose()} busy={picking}>
            {failed ? 'Choose another file' : 'Choose file…'}
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

/**
 * Why the chosen file cannot be imported, naming the file and what it was taken for. A workbook
 * that is not one (damaged, or another file renamed) is described as such rather than as "binary data".
 */
function UnreadableFile({ error, fileName }: { error: unknown; fileName: string | null }) {
  const code = errorCode(error);
  if (!fileName) {
    return (
      <Alert tone="danger" title="That file could not be opened">
        {errorMessage(error)}
      </Alert>
    );
  }
  const workbook = ['xlsx', 'xlsm'].includes(extensionOf(fileName));
  const body = code === 'FILE_BINARY' && workbook ? unreadableFileHint(fileName) : errorMessage(error);
  return (
    <div data-testid="unreadable-file">
      <Alert tone="danger" title={unreadableFileTitle(fileName, code)}>
        {body}
      </Alert>
    </div>
  );
}
