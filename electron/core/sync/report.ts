import type { SyncKindReport, SyncReport } from '../../../shared/contract/sync.js';
import { IDENTIFIER_KINDS, type IdentifierKind } from '../../../shared/identifiers.js';
import type { Core } from '../core.js';
import type { ListRecord } from '../store/index.js';
import type { SyncPlan } from './plan.js';
import { latestSnapshot } from './remote-status.js';
import type { SyncSession } from './session.js';
import { getTarget } from './targets.js';

/**
 * The report of a sync or a dry run, from the plan, what the session saw Pinterest confirm, and the
 * targets as stored: the same shape whether the sync finished, stopped or only planned.
 */

export interface ReportInput {
  runId: number | null;
  jobId: string | null;
  list: ListRecord;
  adAccountId: string;
  dryRun: boolean;
  complete: boolean;
  plan: SyncPlan | null;
  session: SyncSession | null;
  plannedRequests?: Map<IdentifierKind, number>;
  warnings: string[];
  guardrails: SyncReport['guardrails'];
  error: { code: string; message: string } | null;
  startedAt: string;
}

export function buildReport(core: Core, input: ReportInput): SyncReport {
  const { db } = core;
  const kinds: SyncReport['kinds'] = {};
  const customerLists: SyncReport['customerLists'] = {};
  const audiences: SyncReport['audiences'] = {};
  const s = input.session;
  for (const kind of IDENTIFIER_KINDS) {
    const k = input.plan?.kinds.find((candidate) => candidate.kind === kind);
    const target = getTarget(db, input.list.id, input.adAccountId, kind);
    if (!k && !target) continue;
    const snapshot = target ? latestSnapshot(db, target.id) : null;
    const report: SyncKindReport = {
      desired: k?.desired ?? 0,
      confirmedBefore: k?.confirmed ?? 0,
      uncertain: k?.uncertain ?? 0,
      adds: input.dryRun ? (k?.adds ?? 0) : (s?.confirmedOf(kind, 'ADD') ?? 0),
      removes: input.dryRun ? (k?.removes ?? 0) : (s?.confirmedOf(kind, 'REMOVE') ?? 0),
      suppressed: k?.suppressed ?? 0,
      requests: input.dryRun ? (input.plannedRequests?.get(kind) ?? 0) : (s?.writes.get(kind) ?? 0),
      customerListId: target?.customerListId ?? null,
      customerListName: target?.customerListName ?? `${input.list.name} (${kind})`,
      created: s?.created.has(kind) ?? false,
      adopted: target?.adopted ?? false,
    };
    kinds[kind] = report;
    customerLists[kind] = { id: target?.customerListId ?? null, status: s?.listStatus.get(kind) ?? snapshot?.customerList?.status ?? null };
    audiences[kind] =
      target?.audienceId != null
        ? { id: target.audienceId, status: s?.audienceStatus.get(kind) ?? snapshot?.audience?.status ?? null }
        : null;
  }
  const sum = (pick: (k: SyncKindReport) => number) => Object.values(kinds).reduce((total, k) => total + pick(k), 0);
  return {
    runId: input.runId,
    jobId: input.jobId,
    listId: input.list.id,
    list: input.list.name,
    adAccountId: input.adAccountId,
    dryRun: input.dryRun,
    complete: input.complete,
    added: sum((k) => k.adds),
    removed: sum((k) => k.removes),
    suppressed: sum((k) => k.suppressed),
    requests: input.dryRun ? sum((k) => k.requests) : (s?.counters.requests ?? 0),
    retries: s?.counters.retries ?? 0,
    kinds,
    customerLists,
    audiences,
    guardrails: input.guardrails,
    needsConfirmation: input.guardrails.length > 0,
    isolated: s?.isolated ?? [],
    warnings: [...new Set(input.warnings)],
    error: input.error,
    startedAt: input.startedAt,
    finishedAt: new Date().toISOString(),
    diffMs: Math.round((input.plan?.diffMs ?? 0) * 10) / 10,
  };
}
