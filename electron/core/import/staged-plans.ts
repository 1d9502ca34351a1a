import { removeStaged, type StagedImport } from './staged-result.js';

/** At most this many plans are kept at once (each is ~32 bytes per member on disk). */
const MAX_STAGED = 2;
/** A plan older than this is not used: the user has long moved on. */
const MAX_AGE_MS = 60 * 60 * 1000;

interface Entry {
  key: string;
  staged: StagedImport;
  at: number;
}

const live = new Set<StagedImport>();
let exitHook = false;

/**
 * The plans kept for the imports that may follow them, one per staged file: a new plan of the
 * same file (other mapping or options) replaces it, an import takes it, and it is dropped when
 * the file is released (the user left the wizard), when it is too old, or beyond MAX_STAGED.
 * Their folders are removed then, at exit, or by the sweep of a dead process's temp folders.
 */
export class StagedPlans {
  private readonly entries = new Map<string, Entry>();
  /** Plans being dropped: their waiting hashers may still be deleting the sets written ahead. */
  private readonly dropping = new Set<Promise<void>>();

  /**
   * What a staged plan depends on besides the file: how it is read and mapped, and the column kept
   * beside the rejects (a plan made without it kept none of its values: the import reads the file).
   */
  static key(choices: {
    overrides?: unknown;
    sheet?: string | undefined;
    encoding?: string | undefined;
    keepPlaintext?: boolean | undefined;
    rejectsExtraColumn?: string | undefined;
  }): string {
    return JSON.stringify([choices.overrides ?? [], choices.sheet ?? null, choices.encoding ?? null, choices.keepPlaintext ?? false, choices.rejectsExtraColumn ?? null]);
  }

  put(fileId: string, key: string, staged: StagedImport): void {
    this.drop(fileId);
    this.entries.set(fileId, { key, staged, at: Date.now() });
    track(staged);
    while (this.entries.size > MAX_STAGED) {
      const oldest = [...this.entries.entries()].sort((a, b) => a[1].at - b[1].at)[0]!;
      this.drop(oldest[0]);
    }
  }

  /** The plan kept for this file and these choices, now owned by the caller; null if none fits. */
  take(fileId: string, key: string): StagedImport | null {
    const entry = this.entries.get(fileId);
    if (!entry) return null;
    this.entries.delete(fileId);
    untrack(entry.staged);
    if (entry.key === key && Date.now() - entry.at <= MAX_AGE_MS) return entry.staged;
    this.remove(entry.staged);
    return null;
  }

  drop(fileId: string): void {
    const entry = this.entries.get(fileId);
    if (!entry) return;
    this.entries.delete(fileId);
    untrack(entry.staged);
    this.remove(entry.staged);
  }

  private remove(staged: StagedImport): void {
    const removal = removeStaged(staged);
    this.dropping.add(removal);
    void removal.then(() => this.dropping.delete(removal));
  }

  /** Drops the plans of files that are no longer staged (the user left or chose another file). */
  prune(isStaged: (fileId: string) => boolean): void {
    for (const fileId of [...this.entries.keys()]) if (!isStaged(fileId)) this.drop(fileId);
  }

  /** Drops every plan; settles once their waiting hashers have ended. */
  async clear(): Promise<void> {
    for (const fileId of [...this.entries.keys()]) this.drop(fileId);
    await Promise.all(this.dropping);
  }

  get size(): number {
    return this.entries.size;
  }
}

function track(staged: StagedImport): void {
  live.add(staged);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const entry of live) void removeStaged(entry);
    });
  }
}

function untrack(staged: StagedImport): void {
  live.delete(staged);
}
