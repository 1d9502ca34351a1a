import { useEffect, useRef, useState } from 'react';
import type { ImportPreview, StagedFileInfo } from '../../../../shared/contract/index.js';
import type { ColumnKind } from '../../../../shared/identifiers.js';
import { useClient } from '../../app/services.js';
import { overridesFor } from './preview-logic.js';

export const PREVIEW_ROWS = 200;

export interface PreviewState {
  preview: ImportPreview | null;
  loading: boolean;
  error: unknown;
}

/**
 * The first rows of the staged file under the current column choices. A change re-runs
 * `import.preview`; the previous preview stays on screen until the new one arrives, and answers
 * to superseded requests are dropped.
 */
export function usePreview(
  file: StagedFileInfo,
  choices: Record<number, ColumnKind>,
  sheet: string | null,
  encoding: string | null,
  /** The preview read when the file was chosen (no choices yet), to show without asking again. */
  seed: ImportPreview | null = null,
): PreviewState {
  const client = useClient();
  const key = JSON.stringify([file.fileId, choices, sheet, encoding]);
  const seedKey = JSON.stringify([file.fileId, {}, null, null]);
  const [settled, setSettled] = useState<{ key: string; preview: ImportPreview | null; error: unknown }>(() =>
    seed ? { key: seedKey, preview: seed, error: null } : { key: '', preview: null, error: null },
  );
  const latest = useRef('');

  useEffect(() => {
    latest.current = key;
    if (settled.key === key && settled.preview) return;
    const [fileId, currentChoices, currentSheet, currentEncoding] = JSON.parse(key) as [string, Record<number, ColumnKind>, string | null, string | null];
    const overrides = overridesFor(currentChoices);
    client
      .call('import.preview', {
        fileId,
        rows: PREVIEW_ROWS,
        ...(overrides.length > 0 ? { overrides } : {}),
        ...(currentSheet ? { sheet: currentSheet } : {}),
        ...(currentEncoding ? { encoding: currentEncoding } : {}),
      })
      .then(
        (preview) => {
          if (latest.current === key) setSettled({ key, preview, error: null });
        },
        (error: unknown) => {
          if (latest.current === key) setSettled((current) => ({ key, preview: current.preview, error }));
        },
      );
    // Only a new key asks again; `settled` is read to skip the seeded first answer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);

  return { preview: settled.preview, error: settled.error, loading: settled.key !== key };
}
