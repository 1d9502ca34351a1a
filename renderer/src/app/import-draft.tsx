import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ImportMode, StagedFileInfo } from '../../../shared/contract/index.js';
import type { ColumnKind } from '../../../shared/identifiers.js';
import { navigate } from './router.js';
import { useJobs } from './jobs.js';
import { useServices } from './services.js';

export type WizardStep = 'file' | 'columns' | 'destination' | 'importing' | 'done';

export type ImportTarget = { type: 'new'; name: string } | { type: 'existing'; listId: number; name: string };

/** The import wizard's choices. Kept above the screens, so leaving the wizard and coming back keeps them. */
export interface ImportDraft {
  step: WizardStep;
  file: StagedFileInfo | null;
  /** The user's column choices, by 0-based column index. */
  overrides: Record<number, ColumnKind>;
  sheet: string | null;
  encoding: string | null;
  target: ImportTarget | null;
  mode: ImportMode;
  planJobId: string | null;
  /** The choices `planJobId` was planned for (a plan for other choices is stale). */
  planKey: string | null;
  importJobId: string | null;
}

export const emptyDraft: ImportDraft = {
  step: 'file',
  file: null,
  overrides: {},
  sheet: null,
  encoding: null,
  target: null,
  mode: 'replace',
  planJobId: null,
  planKey: null,
  importJobId: null,
};

interface ImportDraftState {
  draft: ImportDraft;
  update(patch: Partial<ImportDraft> | ((draft: ImportDraft) => Partial<ImportDraft>)): void;
  /** Stages a picked or dropped file and opens the wizard at the column step. */
  beginWithFile(file: File, target?: ImportTarget): Promise<void>;
  /** Begins with a file the core has already staged (the desktop file dialog). */
  beginWithStaged(file: StagedFileInfo, target?: ImportTarget): void;
  /** Opens the wizard at its first step, optionally aimed at a list. */
  beginNew(target?: ImportTarget): void;
  /** A file being handed to the core (browser mode uploads it). */
  staging: { name: string; size: number } | null;
  stagingError: unknown;
  clearStagingError(): void;
}

const ImportDraftContext = createContext<ImportDraftState | null>(null);

export function ImportDraftProvider({ children, initial = emptyDraft }: { children: ReactNode; initial?: ImportDraft }) {
  const { stageFile, client } = useServices();
  const { byId } = useJobs();
  const [draft, setDraft] = useState<ImportDraft>(initial);
  const latest = useRef({ draft, byId });
  useEffect(() => {
    latest.current = { draft, byId };
  });

  // The file of a draft that is being replaced is no longer needed (an upload is deleted), unless
  // an import is still reading it.
  const releaseCurrent = useCallback(() => {
    const { draft: current, byId: jobs } = latest.current;
    if (!current.file) return;
    const importJob = current.importJobId ? jobs.get(current.importJobId) : undefined;
    if (current.importJobId && (!importJob || importJob.state === 'running')) return;
    void client.call('files.release', { fileId: current.file.fileId }).catch(() => undefined);
  }, [client]);
  const [staging, setStaging] = useState<{ name: string; size: number } | null>(null);
  const [stagingError, setStagingError] = useState<unknown>(null);

  const update = useCallback<ImportDraftState['update']>((patch) => {
    setDraft((current) => ({ ...current, ...(typeof patch === 'function' ? patch(current) : patch) }));
  }, []);

  const beginWithStaged = useCallback(
    (file: StagedFileInfo, target?: ImportTarget) => {
      releaseCurrent();
      setDraft({ ...emptyDraft, step: 'columns', file, target: target ?? { type: 'new', name: suggestListName(file.name) } });
      navigate({ name: 'import' });
    },
    [releaseCurrent],
  );

  const beginWithFile = useCallback(
    async (file: File, target?: ImportTarget) => {
      setStagingError(null);
      setStaging({ name: file.name, size: file.size });
      navigate({ name: 'import' });
      try {
        const staged = await stageFile(file);
        beginWithStaged(staged, target);
      } catch (error) {
        setStagingError(error);
      } finally {
        setStaging(null);
      }
    },
    [stageFile, beginWithStaged],
  );

  const beginNew = useCallback(
    (target?: ImportTarget) => {
      if (latest.current.draft.step !== 'importing') {
        releaseCurrent();
        setDraft({ ...emptyDraft, target: target ?? null });
      }
      setStagingError(null);
      navigate({ name: 'import' });
    },
    [releaseCurrent],
  );

  const value = useMemo<ImportDraftState>(
    () => ({ draft, update, beginWithFile, beginWithStaged, beginNew, staging, stagingError, clearStagingError: () => setStagingError(null) }),
    [draft, update, beginWithFile, beginWithStaged, beginNew, staging, stagingError],
  );
  return <ImportDraftContext.Provider value={value}>{children}</ImportDraftContext.Provider>;
}

export function useImportDraft(): ImportDraftState {
  const state = useContext(ImportDraftContext);
  if (!state) throw new Error('useImportDraft() needs an <ImportDraftProvider> above it.');
  return state;
}

/** "spring-customers_2024.csv" → "spring customers 2024". */
export function suggestListName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '').replace(/[_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return base.slice(0, 200) || 'New list';
}
