// @vitest-environment jsdom
/**
 * Issue 12: both import phases show their count, pace and time left, the final one by name, and
 * the sidebar shows a job from the moment it starts (the plan job too).
 */
import { cleanup, screen, act } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/contract/index.js';
import { ActivityPanel } from '../../renderer/src/app/ActivityPanel.js';
import { progressCount, progressPace, progressSummary } from '../../renderer/src/app/job-text.js';
import { FakeClient } from '../helpers/ui-fake-client.js';
import { renderWithApp } from '../helpers/ui-render.js';

afterEach(cleanup);

const base: JobProgress = {
  jobId: 'j1',
  kind: 'import-plan',
  label: 'Checking customers.csv against Spring',
  phase: 'reading',
  done: 400_000,
  total: 1_000_000,
  ratePerSecond: 200_000,
  etaSeconds: 3,
  detail: '27 MB of 68 MB read',
};

describe('job progress text', () => {
  it('reading counts rows, with pace and time left', () => {
    expect(progressCount(base)).toBe('400,000 of 1,000,000 rows');
    expect(progressPace(base)).toBe('200,000 rows/s · 3 s left');
  });

  it('saving counts members, with its own pace; starting and checking say so', () => {
    const saving: JobProgress = { ...base, kind: 'import', phase: 'saving', done: 600_000, total: 950_000, ratePerSecond: 1_000_000, etaSeconds: 1, detail: 'Saving 950,000 members' };
    expect(progressCount(saving)).toBe('600,000 of 950,000 members');
    expect(progressPace(saving)).toBe('1,000,000 members/s · 1 s left');
    expect(progressCount({ ...base, phase: 'starting', done: 0, total: null, ratePerSecond: null, etaSeconds: null, detail: null })).toBe('Starting…');
    expect(progressCount({ ...base, kind: 'import', phase: 'checking', done: 0, total: null, detail: 'Checking that the file is the one just read' })).toBe(
      'Checking that the file is the one just read',
    );
  });

  it('the sidebar lists a plan job from its first event, with rows, pace and the named final phase', async () => {
    const client = new FakeClient({ 'jobs.list': () => [] });
    renderWithApp(<ActivityPanel />, client);
    await screen.findByText('No work running');
    expect(document.body.textContent).toBe('No work running');
    act(() => client.emit('job.progress', { ...base, phase: 'starting', done: 0, total: null, ratePerSecond: null, etaSeconds: null, detail: null }));
    await screen.findByText(base.label);
    expect(document.body.textContent).toBe(`Working\u2026${base.label}Starting\u2026`);
    expect(screen.queryByText('No work running')).toBeNull();
    act(() => client.emit('job.progress', { ...base, phase: 'saving', done: 100_000, total: 950_000, detail: 'Comparing 950,000 members with the list' }));
    await screen.findByText('Comparing 950,000 members with the list');
    expect(document.body.textContent).toBe(`Working\u2026${base.label}100,000 of 950,000 members \u00b7 200,000 members/s \u00b7 3 s leftComparing 950,000 members with the list`);
    expect(progressSummary({ jobId: 'j1', kind: 'import-plan', label: base.label, state: 'running', startedAt: '', finishedAt: null, progress: base, error: null, result: null })).toBe(
      '400,000 of 1,000,000 rows · 200,000 rows/s · 3 s left',
    );
  });
});
