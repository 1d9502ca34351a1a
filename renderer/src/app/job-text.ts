import type { JobKind, JobProgress, JobSummary } from '../../../shared/contract/index.js';
import { formatCount, formatDuration } from '../lib/format.js';

const UNIT: Record<JobKind, string> = {
  import: 'rows',
  'import-plan': 'rows',
  suppress: 'rows',
  sync: 'batches',
  'refresh-status': 'lists',
};

export const JOB_KIND_LABEL: Record<JobKind, string> = {
  import: 'Import',
  'import-plan': 'Checking the file',
  suppress: 'Suppression import',
  sync: 'Sync',
  'refresh-status': 'Status refresh',
};

/** What is counted: an import counts rows while it reads the file, then members while it saves them. */
function unitOf(progress: JobProgress): string {
  if (progress.phase === 'saving' && UNIT[progress.kind] === 'rows') return 'members';
  return UNIT[progress.kind];
}

/** "120,000 of 1,000,000 rows" (or "120,000 rows" while the total is unknown). */
export function progressCount(progress: JobProgress): string {
  // The job has just started: nothing counted yet.
  if (progress.phase === 'starting') return 'Starting…';
  // A browser-mode upload still arriving: no rows yet, the bytes say how far it is. An import
  // after a plan checking the file is unchanged: nothing to count.
  if ((progress.phase === 'receiving' || progress.phase === 'checking') && progress.detail) return progress.detail;
  const unit = unitOf(progress);
  return progress.total !== null ? `${formatCount(progress.done)} of ${formatCount(progress.total)} ${unit}` : `${formatCount(progress.done)} ${unit}`;
}

/** "480,000 rows/s · 2 s left". */
export function progressPace(progress: JobProgress): string | null {
  const parts: string[] = [];
  if (progress.ratePerSecond !== null && progress.ratePerSecond > 0) parts.push(`${formatCount(progress.ratePerSecond)} ${unitOf(progress)}/s`);
  if (progress.etaSeconds !== null) parts.push(`${formatDuration(progress.etaSeconds)} left`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

export function progressSummary(job: JobSummary): string {
  if (!job.progress) return 'Starting…';
  const pace = progressPace(job.progress);
  return [progressCount(job.progress), pace].filter(Boolean).join(' · ');
}
