import fs from 'node:fs';
import path from 'node:path';
import { TEST_WORKER_DIR_ENV } from '../../electron/core/workers/spawn.js';

/** Scripts tests start as child processes; the run's global setup bundles them (test/setup/bundle-for-tests.ts). */
export const BUNDLED_CHILDREN = [
  'test/integration/helpers/run-cli.ts',
  'test/integration/helpers/keychain-probe.ts',
  'test/helpers/store-commit-child.ts',
  'test/fixtures/xlsx-hostile-child.ts',
] as const;

/**
 * Node's arguments to run one of BUNDLED_CHILDREN (its path) in a child process: the bundle this
 * test run built from the same sources, or, without one, the source under tsx.
 */
export function childScriptArgs(source: string): string[] {
  const dir = process.env[TEST_WORKER_DIR_ENV];
  const bundled = dir ? path.join(dir, `${path.basename(source, '.ts')}.js`) : null;
  return bundled && fs.existsSync(bundled) ? [bundled] : ['--import', 'tsx', source];
}
