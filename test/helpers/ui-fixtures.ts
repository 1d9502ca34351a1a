/** Contract-shaped answers for the UI tests: one place for their many fields, each test overriding what it is about. */
import type { ListDetail, ListSummary, SyncReport } from '../../shared/contract/index.js';

export const FIXED_NOW = '2026-03-01T10:00:00.000Z';

/** A list that was imported into but never synced. */
export function listSummary(overrides: Partial<ListSummary> = {}): ListSummary {
  return {
    id: 1,
    name: 'Spring buyers',
    members: { email: 3, gaid: 0, idfa: 0 },
    total: 3,
    createdAt: FIXED_NOW,
    updatedAt: FIXED_NOW,
    lastImport: null,
    lastSync: null,
    pinterest: [],
    suppressed: { email: 0, gaid: 0, idfa: 0 },
    suppressedTotal: 0,
    toPinterest: 3,
    adAccountId: null,
    ...overrides,
  };
}

export function listDetail(overrides: Partial<ListDetail> = {}): ListDetail {
  return { ...listSummary(), imports: [], rejectsStored: 0, ...overrides };
}

/** A dry run of one list with nothing in it yet; tests add kinds, counts and outcome. */
export function syncReport(overrides: Partial<SyncReport> = {}): SyncReport {
  return {
    runId: null,
    jobId: null,
    listId: 1,
    list: 'Spring buyers',
    adAccountId: '549000001',
    dryRun: true,
    complete: false,
    added: 0,
    removed: 0,
    suppressed: 0,
    requests: 0,
    retries: 0,
    kinds: {},
    customerLists: {},
    audiences: {},
    guardrails: [],
    needsConfirmation: false,
    isolated: [],
    warnings: [],
    error: null,
    startedAt: FIXED_NOW,
    finishedAt: FIXED_NOW,
    diffMs: 1,
    ...overrides,
  };
}
