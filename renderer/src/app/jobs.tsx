import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { JobSummary, PayloadOf } from '../../../shared/contract/index.js';
import { useClient } from './services.js';

type FinishedListener = (job: JobSummary) => void;

interface JobsState {
  /** Every job this window knows of, newest first. */
  jobs: JobSummary[];
  byId: ReadonlyMap<string, JobSummary>;
  /** Calls `listener` whenever any job finishes; returns the unsubscribe function. */
  onFinished(listener: FinishedListener): () => void;
  /** The error from listing jobs at start, if any. */
  error: unknown;
  /** Marks a job as shown on screen (its end needs no toast); returns the function that unmarks it. */
  watch(jobId: string): () => void;
  isWatched(jobId: string): boolean;
  /** The job a screen started for something (e.g. "sync:3"), so coming back to the screen finds it. */
  remember(key: string, jobId: string | null): void;
  recall(key: string): string | null;
}

const JobsContext = createContext<JobsState | null>(null);

function progressToSummary(progress: PayloadOf<'job.progress'>, previous: JobSummary | undefined): JobSummary {
  return {
    jobId: progress.jobId,
    kind: progress.kind,
    label: progress.label,
    state: previous?.state === 'running' || !previous ? 'running' : previous.state,
    startedAt: previous?.startedAt ?? new Date().toISOString(),
    finishedAt: previous?.finishedAt ?? null,
    progress,
    error: previous?.error ?? null,
    result: previous?.result ?? null,
  };
}

/**
 * Long work (imports, syncs) keeps going when the user changes screen. This provider keeps the
 * state of every job from `jobs.list` at start and the `job.progress` / `job.finished` events,
 * so any screen (and the shell's activity indicator) can show it.
 */
export function JobsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [byId, setById] = useState<ReadonlyMap<string, JobSummary>>(new Map());
  const [error, setError] = useState<unknown>(null);
  const finishedListeners = useRef(new Set<FinishedListener>());
  const watchers = useRef(new Map<string, number>());
  const remembered = useRef(new Map<string, string>());

  useEffect(() => {
    let live = true;
    const offProgress = client.on('job.progress', (progress) => {
      setById((current) => {
        const previous = current.get(progress.jobId);
        // A late progress event must not reopen a job that has finished.
        if (previous && previous.state !== 'running') return current;
        const next = new Map(current);
        next.set(progress.jobId, progressToSummary(progress, previous));
        return next;
      });
    });
    const offFinished = client.on('job.finished', (summary) => {
      setById((current) => new Map(current).set(summary.jobId, summary));
      for (const listener of finishedListeners.current) listener(summary);
    });
    client.call('jobs.list', {}).then(
      (jobs) => {
        if (!live) return;
        setById((current) => {
          const next = new Map(current);
          // Events that arrived meanwhile are newer than the listing.
          for (const job of jobs) if (!next.has(job.jobId)) next.set(job.jobId, job);
          return next;
        });
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
      offProgress();
      offFinished();
    };
  }, [client]);

  const onFinished = useCallback((listener: FinishedListener) => {
    finishedListeners.current.add(listener);
    return () => {
      finishedListeners.current.delete(listener);
    };
  }, []);

  const watch = useCallback((jobId: string) => {
    watchers.current.set(jobId, (watchers.current.get(jobId) ?? 0) + 1);
    return () => {
      const count = (watchers.current.get(jobId) ?? 1) - 1;
      if (count <= 0) watchers.current.delete(jobId);
      else watchers.current.set(jobId, count);
    };
  }, []);
  const isWatched = useCallback((jobId: string) => watchers.current.has(jobId), []);
  const remember = useCallback((key: string, jobId: string | null) => {
    if (jobId) remembered.current.set(key, jobId);
    else remembered.current.delete(key);
  }, []);
  const recall = useCallback((key: string) => remembered.current.get(key) ?? null, []);

  const value = useMemo<JobsState>(() => {
    const jobs = [...byId.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { jobs, byId, error, onFinished, watch, isWatched, remember, recall };
  }, [byId, error, onFinished, watch, isWatched, remember, recall]);

  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsState {
  const jobs = useContext(JobsContext);
  if (!jobs) throw new Error('useJobs() needs a <JobsProvider> above it.');
  return jobs;
}

/**
 * One job's latest state (undefined until the first event or listing mentions it). The job counts
 * as shown on screen while the caller is mounted, so its end raises no toast.
 */
export function useJob(jobId: string | null | undefined): JobSummary | undefined {
  const { byId, watch } = useJobs();
  useEffect(() => (jobId ? watch(jobId) : undefined), [jobId, watch]);
  return jobId ? byId.get(jobId) : undefined;
}

export function useRunningJobs(): JobSummary[] {
  const { jobs } = useJobs();
  return jobs.filter((job) => job.state === 'running');
}

/** Runs `listener` on every finished job while the component is mounted. */
export function useJobFinished(listener: FinishedListener): void {
  const { onFinished } = useJobs();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => onFinished((job) => ref.current(job)), [onFinished]);
}
