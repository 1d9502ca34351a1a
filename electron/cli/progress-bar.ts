import cliProgress from 'cli-progress';
import type { JobProgress } from '../../shared/contract/index.js';
import { formatCount } from './output.js';

export interface ProgressBar {
  update(progress: JobProgress): void;
  stop(complete: boolean): void;
}

/**
 * The terminal progress bar of a long import: rows so far, rows/s and time left, as the core
 * estimates them. The placeholders must not be named like cli-progress's own (`{eta}`, `{value}`,
 * `{total}`, `{duration}`): those win over ours, and `{eta}` would print its own bare seconds.
 */
export function createProgressBar(stream: NodeJS.WritableStream): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | {left} left | {phase}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(progress) {
      if (stopped) return;
      const total = Math.max(progress.total ?? 0, progress.done, 1);
      const values = {
        rows: formatCount(progress.done),
        rate: progress.ratePerSecond ? formatCount(Math.round(progress.ratePerSecond)) : '…',
        left: progress.etaSeconds === null ? '…' : formatSeconds(progress.etaSeconds),
        // The final phase by name ("Saving 950,000 members"); its count is of members, not rows.
        phase: (progress.phase === 'saving' || progress.phase === 'checking') && progress.detail ? progress.detail : progress.phase,
      };
      if (!started) {
        started = true;
        bar.start(total, progress.done, values);
      } else {
        bar.setTotal(total);
        bar.update(progress.done, values);
      }
    },
    stop(complete) {
      if (stopped || !started) return;
      stopped = true;
      if (complete) bar.update(bar.getTotal());
      bar.stop();
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
