/**
 * The progress bar `pinlist import` draws on a terminal: rows, rows/s and the time left as the
 * core estimates it, drawn into a stream that says it is a terminal.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contract/index.js';
import { createProgressBar } from '../../electron/cli/progress-bar.js';

function fakeTerminal(): { stream: NodeJS.WritableStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 200 });
  // Cursor and line-clearing escapes removed: only what a person reads is left.
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => written.replace(/\x1b(?:\[[0-9;?]*[A-Za-z]|[78])/g, '\n') };
}

function progress(values: Partial<JobProgress>): JobProgress {
  return {
    jobId: 'j1',
    kind: 'import',
    label: 'Import',
    phase: 'reading',
    done: 0,
    total: null,
    ratePerSecond: null,
    etaSeconds: null,
    detail: null,
    ...values,
  };
}

describe('import progress bar', () => {
  it('shows rows, rows/s and the time left the core estimated, with its unit', () => {
    const terminal = fakeTerminal();
    const bar = createProgressBar(terminal.stream);
    bar.update(progress({ done: 250_000, total: 1_000_000, ratePerSecond: 500_000, etaSeconds: 95 }));
    bar.stop(false);
    const text = terminal.text();
    expect(text).toContain('25% | 250,000 rows | 500,000 rows/s | 1 min 35 s left | reading');
  });

  it('says the time left is not known yet rather than printing a number', () => {
    const terminal = fakeTerminal();
    const bar = createProgressBar(terminal.stream);
    bar.update(progress({ done: 0, total: 1_000_000 }));
    bar.stop(false);
    expect(terminal.text()).toContain('0 rows | … rows/s | … left | reading');
  });
});
