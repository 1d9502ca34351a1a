import {
  importPlanSchema,
  importSummarySchema,
  syncReportSchema,
  type ImportPlan,
  type ImportSummary,
  type JobSummary,
  type SyncReport,
} from '../../../shared/contract/index.js';

/**
 * A job's `result` is typed `unknown` in the contract (its shape depends on the kind); these read
 * it with the contract's own schemas, so a result of the wrong shape shows as missing, not wrong.
 */
export function importSummaryOf(job: JobSummary | undefined): ImportSummary | null {
  if (!job || (job.kind !== 'import' && job.kind !== 'suppress')) return null;
  const parsed = importSummarySchema.safeParse(job.result);
  return parsed.success ? parsed.data : null;
}

export function importPlanOf(job: JobSummary | undefined): ImportPlan | null {
  if (!job || job.kind !== 'import-plan') return null;
  const parsed = importPlanSchema.safeParse(job.result);
  return parsed.success ? parsed.data : null;
}

export function syncReportOf(job: JobSummary | undefined): SyncReport | null {
  if (!job || job.kind !== 'sync') return null;
  const parsed = syncReportSchema.safeParse(job.result);
  return parsed.success ? parsed.data : null;
}
