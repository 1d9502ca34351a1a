import fs from 'node:fs';

/**
 * Resolves with the first truthy answer of `check`, asked now and again at every change fs.watch
 * reports in `dir` (a file written, created or removed there: another process's SQLite commit, a
 * spill folder appearing), instead of asking on a timer. Resolves null once `until` settles (the
 * process that would make the change has ended) and a last check still says no.
 */
export function whenDirChanges<T>(dir: string, check: () => T | null | undefined | false, until: Promise<unknown>): Promise<T | null> {
  return new Promise<T | null>((resolve, reject) => {
    let settled = false;
    const finish = (answer: T | null, error?: unknown): void => {
      if (settled) return;
      settled = true;
      watcher.close();
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(answer);
    };
    const ask = (): boolean => {
      try {
        const answer = check();
        if (answer) finish(answer);
        return Boolean(answer);
      } catch (error) {
        finish(null, error);
        return true;
      }
    };
    // Watching starts before the first check, so a change between the two is not missed.
    const watcher = fs.watch(dir, () => void ask());
    watcher.on('error', (error) => finish(null, error));
    ask();
    const last = (): void => {
      if (!ask()) finish(null);
    };
    until.then(last, last);
  });
}
