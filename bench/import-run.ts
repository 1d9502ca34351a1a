/**
 * Runs one import of `file` in a child process of its own (bench/import-child.ts, bundled with its
 * workers by bundleWithWorkers), so the peak RSS measured is the import's alone.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ChildResult {
  seconds: number;
  rowsRead: number;
  valid: number;
  duplicates: number;
  rejected: number;
  peakRss: number;
  maxDelayMs: number;
  cpuSeconds: number;
}

export function importInChild(child: string, file: string, progress: boolean): Promise<ChildResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-bench-'));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, file, work, ...(progress ? ['--progress'] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      fs.rmSync(work, { recursive: true, force: true });
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
      else reject(new Error(`the import exited with ${code}`));
    });
  });
}
