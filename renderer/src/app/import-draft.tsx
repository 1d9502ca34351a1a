import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ImportMode, ImportPreview, ListDetail, StagedFileInfo } from '../../../shared/contract/index.js';
import type { PinlistClient } from '../../../shared/contract/client.js';
import type { ColumnKind } from '../../../shared/identifiers.js';
import { proposeList, suggestListName, type ListProposal } from './import-proposal.js';
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
  /** The preview read when the file was chosen (before any choice), so the Columns step opens with it. */
  firstPreview: ImportPreview | null;
  /** The existing list this file was matched to (by its name or its columns), when Pinlist proposed one. */
  proposal: ListProposal | null;
  /** A column of the file kept beside each rejected row (1-based number as text), e.g. a customer ID; null: none. */
  rejectsExtraColumn: string | null;
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
  firstPreview: null,
  proposal: null,
  rejectsExtraColumn: null,
};

/** Rows read to check a chosen file (the Columns step's preview asks for the same). */
export const FIRST_PREVIEW_ROWS = 200;
/** How many lists' histories are read to match a file's columns to a list's last import. */
const LISTS_MATCHED_BY_COLUMNS = 12;

interface ImportDraftState {
  draft: ImportDraft;
  update(patch: Partial<ImportDraft> | ((draft: ImportDraft) => Partial<ImportDraft>)): void;
  /** Stages a picked or dropped file and opens the wizard at the column step. */
  beginWithFile(file: File, target?: ImportTarget): Promise<void>;
  /**
   * Begins with a file the core has already staged (the desktop file dialog). The file is read
   * first: one that cannot be read keeps the wizard on the File step with the error.
   */
  beginWithStaged(file: StagedFileInfo, target?: ImportTarget): Promise<void>;
  /** Opens the wizard at its first step, optionally aimed at a list. */
  beginNew(target?: ImportTarget): void;
  /** A file being handed to the core (browser mode uploads it) and read. */
  staging: { name: string; size: number } | null;
  stagingError: unknown;
  /** The name of the file `stagingError` is about. */
  failedFileName: string | null;
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

  const [failedFileName, setFailedFileName] = useState<string | null>(null);

  const beginWithStaged = useCallback(
    async (file: StagedFileInfo, target?: ImportTarget) => {
      setStagingError(null);
      setFailedFileName(null);
      setStaging({ name: file.name, size: file.size });
      navigate({ name: 'import' });
      try {
        let firstPreview: ImportPreview;
        try {
          firstPreview = await client.call('import.preview', { fileId: file.fileId, rows: FIRST_PREVIEW_ROWS });
        } catch (error) {
          // An unreadable file does not advance the wizard: the File step shows why, and the upload goes.
          void client.call('files.release', { fileId: file.fileId }).catch(() => undefined);
          setFailedFileName(file.name);
          setStagingError(error);
          return;
        }
        const proposal = target ? null : await findProposal(client, file.name, firstPreview);
        releaseCurrent();
        const chosen: ImportTarget = target ?? (proposal ? { type: 'existing', listId: proposal.listId, name: proposal.name } : { type: 'new', name: suggestListName(file.name) });
        setDraft({
          ...emptyDraft,
          step: 'columns',
          file,
          target: chosen,
          mode: 'replace',
          overrides: proposal?.overrides ?? {},
          // The saved mapping changes the columns: the Columns step asks again.
          firstPreview: proposal && Object.keys(proposal.overrides).length > 0 ? null : firstPreview,
          proposal,
        });
      } finally {
        setStaging(null);
      }
    },
    [client, releaseCurrent],
  );

  const beginWithFile = useCallback(
    async (file: File, target?: ImportTarget) => {
      setStagingError(null);
      setFailedFileName(null);
      setStaging({ name: file.name, size: file.size });
      navigate({ name: 'import' });
      let staged: StagedFileInfo;
      try {
        staged = await stageFile(file);
      } catch (error) {
        setFailedFileName(file.name);
        setStagingError(error);
        setStaging(null);
        return;
      }
      await beginWithStaged(staged, target);
    },
    [stageFile, beginWithStaged],
  );

  const beginNew = useCallback(
    (target?: ImportTarget) => {
      // Only an import that is still running keeps its draft; a finished, failed or cancelled one
      // (still shown on the Import step) gives way to the new import.
      const { draft: current, byId: jobs } = latest.current;
      const running = current.step === 'importing' && (!current.importJobId || jobs.get(current.importJobId)?.state === 'running');
      if (!running) {
        releaseCurrent();
        setDraft({ ...emptyDraft, target: target ?? null });
      }
      setStagingError(null);
      setFailedFileName(null);
      navigate({ name: 'import' });
    },
    [releaseCurrent],
  );

  const value = useMemo<ImportDraftState>(
    () => ({ draft, update, beginWithFile, beginWithStaged, beginNew, staging, stagingError, failedFileName, clearStagingError: () => setStagingError(null) }),
    [draft, update, beginWithFile, beginWithStaged, beginNew, staging, stagingError, failedFileName],
  );
  return <ImportDraftContext.Provider value={value}>{children}</ImportDraftContext.Provider>;
}

export function useImportDraft(): ImportDraftState {
  const state = useContext(ImportDraftContext);
  if (!state) throw new Error('useImportDraft() needs an <ImportDraftProvider> above it.');
  return state;
}

export { suggestListName };

/** Lists are read to propose one; when they cannot be, the file simply starts a new list. */
async function findProposal(client: PinlistClient, fileName: string, preview: ImportPreview): Promise<ListProposal | null> {
  try {
    const lists = await client.call('lists.list', {});
    if (lists.length === 0) return null;
    const named = lists.filter((list) => suggestListName(fileName).toLowerCase() === list.name.toLowerCase());
    const toRead = [...named, ...lists.filter((list) => !named.includes(list))].slice(0, LISTS_MATCHED_BY_COLUMNS);
    const details = new Map<number, ListDetail>();
    await Promise.all(
      toRead.map((list) =>
        client.call('lists.get', { listId: list.id }).then(
          (detail) => void details.set(list.id, detail),
          () => undefined,
        ),
      ),
    );
    return proposeList(fileName, preview, lists, details);
  } catch {
    return null;
  }
}
