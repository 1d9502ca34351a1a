import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServedPinlist {
  url: string;
  origin: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** A fresh, empty data folder (to prepare with the CLI before `startPinlistServe` opens it). */
export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-e2e-'));
}

/**
 * Starts `pinlist serve` exactly as a user would, on a free port, over a fresh data folder (or
 * `options.dataDir`, which `stop()` then removes too).
 */
export async function startPinlistServe(env: NodeJS.ProcessEnv = {}, options: { dataDir?: string } = {}): Promise<ServedPinlist> {
  const dataDir = options.dataDir ?? makeDataDir();
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin', 'pinlist.js'), 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pinlist serve printed no URL:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`pinlist serve exited (${code}):\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
