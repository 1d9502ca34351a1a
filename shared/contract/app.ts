import * as z from 'zod';
import { ERROR_CODES } from '../errors.js';
import { event, request } from './define.js';

export const jobKindSchema = z.enum(['import', 'import-plan', 'suppress', 'sync', 'refresh-status']);

export const jobProgressSchema = z.strictObject({
  jobId: z.string(),
  kind: jobKindSchema,
  label: z.string(),
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  ratePerSecond: z.number().nonnegative().nullable(),
  etaSeconds: z.number().nonnegative().nullable(),
  /** Free text for what is happening now, e.g. "Rate limited: waiting 12 s". */
  detail: z.string().nullable(),
});

export const jobStateSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

export const jobSummarySchema = z.strictObject({
  jobId: z.string(),
  kind: jobKindSchema,
  label: z.string(),
  state: jobStateSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: jobProgressSchema.nullable(),
  /** `details` as in shared/error-payload.ts (e.g. a stopped sync's partial report). */
  error: z.strictObject({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
  /** The job's result, shaped by its kind (an import summary, a sync report). */
  result: z.unknown().nullable(),
});

export const appRequests = {
  'app.info': request(
    'Version, data folder and runtime of the running core.',
    z.strictObject({}),
    z.strictObject({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      databasePath: z.string(),
      schemaVersion: z.number().int(),
      surface: z.enum(['electron', 'browser', 'cli']),
    }),
  ),
  'app.ping': request(
    'Echoes a message back: a round trip through the contract.',
    z.strictObject({ message: z.string().max(1000) }),
    z.strictObject({ message: z.string(), receivedAt: z.string() }),
  ),
  'jobs.list': request(
    'Long-running work (imports, syncs), running and recently finished.',
    z.strictObject({}),
    z.array(jobSummarySchema),
  ),
  'jobs.cancel': request(
    'Asks a running job to stop. Work that was not committed is left untouched.',
    z.strictObject({ jobId: z.string() }),
    z.strictObject({ cancelled: z.boolean() }),
  ),
} as const;

export const appEvents = {
  'job.progress': event('Progress of a long-running job.', jobProgressSchema),
  'job.finished': event('A job ended: succeeded, failed or cancelled.', jobSummarySchema),
} as const;

export type JobProgress = z.infer<typeof jobProgressSchema>;
export type JobSummary = z.infer<typeof jobSummarySchema>;
export type JobKind = z.infer<typeof jobKindSchema>;
