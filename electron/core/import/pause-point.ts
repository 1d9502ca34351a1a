import fs from 'node:fs';
import path from 'node:path';

/**
 * A test seam that makes "the file changed while it was read" reproducible without sleeps: the
 * reader stops after `afterRows` data rows, says so by writing to the FIFO `<dir>/paused` (the
 * write waits for the test to open it), and goes on once the test writes to the FIFO
 * `<dir>/resume`. Set by `ImportRunOptions.pause` or, for a CLI run in a child process, by
 * `PINLIST_TEST_IMPORT_PAUSE=<rows>:<dir>`. Never set in normal use.
 */
export interface PausePoint {
  afterRows: number;
  dir: string;
}

export const PAUSE_ENV = 'PINLIST_TEST_IMPORT_PAUSE';

export function pausePointFromEnv(env: NodeJS.ProcessEnv = process.env): PausePoint | undefined {
  const value = env[PAUSE_ENV];
  if (!value) return undefined;
  const at = value.indexOf(':');
  const afterRows = Number(value.slice(0, at));
  if (at < 0 || !Number.isFinite(afterRows)) return undefined;
  return { afterRows, dir: value.slice(at + 1) };
}

export async function pauseHere(point: PausePoint): Promise<void> {
  await fs.promises.writeFile(path.join(point.dir, 'paused'), 'paused\n');
  await fs.promises.readFile(path.join(point.dir, 'resume'));
}
