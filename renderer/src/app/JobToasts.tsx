import { formatAdded, formatCount, formatRemoved } from '../lib/format.js';
import { useToast } from '../ui/index.js';
import { useJobFinished, useJobs } from './jobs.js';
import { navigate } from './router.js';
import { importSummaryOf, syncReportOf } from './job-results.js';

/** Tells the user when long work ends, whichever screen they are on. */
export function JobToasts() {
  const toast = useToast();
  const { isWatched } = useJobs();
  useJobFinished((job) => {
    // Plans are internal; a job whose screen is open shows its own outcome.
    if (job.kind === 'import-plan' || job.kind === 'refresh-status' || isWatched(job.jobId)) return;
    if (job.state === 'cancelled') {
      toast({ tone: 'info', title: `Cancelled: ${job.label}`, message: 'Nothing from this run was written.' });
      return;
    }
    if (job.state === 'failed') {
      toast({ tone: 'danger', title: `Failed: ${job.label}`, message: job.error?.message ?? 'The job stopped. Try again.' });
      return;
    }
    if (job.state !== 'succeeded') return;
    if (job.kind === 'import' || job.kind === 'suppress') {
      const summary = importSummaryOf(job);
      const listId = summary?.listId ?? null;
      toast({
        tone: 'success',
        title: job.kind === 'import' ? `Imported into ${summary?.list ?? 'the list'}` : 'Suppression list updated',
        message: summary ? `${formatAdded(summary.added)} added, ${formatRemoved(summary.removed)} removed, ${formatCount(summary.rejected)} rejected.` : undefined,
        action: listId !== null ? { label: 'Open list', onClick: () => navigate({ name: 'list', listId, tab: 'members' }) } : undefined,
      });
    } else if (job.kind === 'sync') {
      const report = syncReportOf(job);
      toast({
        tone: report && !report.complete ? 'warning' : 'success',
        title: report ? `Synced ${report.list}` : 'Sync finished',
        message: report ? `${formatAdded(report.added)} added, ${formatRemoved(report.removed)} removed on Pinterest.` : undefined,
        action: report ? { label: 'Open sync', onClick: () => navigate({ name: 'sync', listId: report.listId }) } : undefined,
      });
    }
  });
  return null;
}
