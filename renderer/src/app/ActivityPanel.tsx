import { useState } from 'react';
import type { JobSummary } from '../../../shared/contract/index.js';
import { IconButton, ProgressBar, Spinner } from '../ui/index.js';
import { errorMessage } from '../ui/Alert.js';
import { JOB_KIND_LABEL, progressCount, progressSummary } from './job-text.js';
import { useRunningJobs } from './jobs.js';
import { useClient } from './services.js';

/**
 * The work in progress, visible from every screen: each running import or sync with its
 * progress and a Cancel button. Lives in the sidebar.
 */
export function ActivityPanel() {
  const running = useRunningJobs();
  return (
    <section className="activity" aria-label="Work in progress" data-testid="activity">
      {running.length === 0 ? (
        <p className="activity-idle">
          <span className="activity-dot" aria-hidden="true" />
          No work running
        </p>
      ) : (
        <>
          <h2 className="activity-title">
            <Spinner size={14} />
            {running.length === 1 ? 'Working…' : `${running.length} jobs running`}
          </h2>
          <ul className="activity-list">
            {running.map((job) => (
              <ActivityItem key={job.jobId} job={job} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ActivityItem({ job }: { job: JobSummary }) {
  const client = useClient();
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const progress = job.progress;
  return (
    <li className="activity-item">
      <div className="activity-item-head">
        <span className="activity-label" title={job.label}>
          {job.label || JOB_KIND_LABEL[job.kind]}
        </span>
        <IconButton
          icon="close"
          size="sm"
          label={`Cancel: ${job.label || JOB_KIND_LABEL[job.kind]}`}
          disabled={cancelling}
          onClick={() => {
            setCancelling(true);
            client.call('jobs.cancel', { jobId: job.jobId }).then(
              () => undefined,
              (error: unknown) => {
                setCancelError(errorMessage(error));
                setCancelling(false);
              },
            );
          }}
        />
      </div>
      <ProgressBar
        size="sm"
        label={`Progress: ${job.label}`}
        value={progress?.done ?? null}
        max={progress?.total ?? null}
        valueText={progress ? progressCount(progress) : 'Starting'}
      />
      <p className="activity-meta">{cancelling ? 'Cancelling…' : progressSummary(job)}</p>
      {progress?.detail && <p className="activity-meta">{progress.detail}</p>}
      {cancelError && (
        <p className="activity-error" role="alert">
          {cancelError}
        </p>
      )}
    </li>
  );
}
