/**
 * The analyst's alternative, ../shared/bench/pandas_baseline.py (pandas read_csv, strip/lower,
 * regex filter, hashlib, to_sql), timed as a whole process on the same file.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PANDAS_SCRIPT = path.resolve(import.meta.dirname, '..', '..', 'shared', 'bench', 'pandas_baseline.py');

/**
 * A Python that has pandas: $PINLIST_BENCH_PYTHON, else python3 or python on the PATH. Null (and
 * why) when there is none.
 */
export function findPandasPython(): { python: string; version: string } | { python: null; why: string } {
  if (!fs.existsSync(PANDAS_SCRIPT)) return { python: null, why: `${PANDAS_SCRIPT} is not there` };
  const candidates = [process.env.PINLIST_BENCH_PYTHON, 'python3', 'python'].filter((name): name is string => Boolean(name));
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import pandas, sys; print(pandas.__version__, sys.version.split()[0])'], { encoding: 'utf8' });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return {
    python: null,
    why: 'no Python with pandas found: install it with `pip install pandas` (or in a venv, and point PINLIST_BENCH_PYTHON at its python)',
  };
}

export interface PandasResult {
  /** Wall time of the whole process. */
  seconds: number;
  /** Its CPU time (user + system): a comparison that a loaded machine distorts less. */
  cpuSeconds: number;
  members: number;
}

/** Runs the script as it is, then reports the process's own CPU time on stderr. */
const WITH_CPU_TIME =
  'import resource, runpy, sys; script = sys.argv[1]; sys.argv = sys.argv[1:]; runpy.run_path(script, run_name="__main__"); ' +
  'u = resource.getrusage(resource.RUSAGE_SELF); sys.stderr.write("cpu %f\\n" % (u.ru_utime + u.ru_stime))';

export function runPandas(python: string, file: string): Promise<PandasResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-pandas-'));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(python, ['-c', WITH_CPU_TIME, PANDAS_SCRIPT, file, path.join(work, 'out.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      fs.rmSync(work, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`pandas_baseline.py exited with ${code}: ${err.trim().split('\n').at(-1) ?? ''}`));
      else resolve({ seconds, cpuSeconds: Number(/cpu ([\d.]+)/.exec(err)?.[1] ?? NaN), members: Number(/^(\d+) members/.exec(out.trim())?.[1] ?? NaN) });
    });
  });
}
