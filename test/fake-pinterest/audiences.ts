/**
 * CUSTOMER_LIST and ACTALIKE (lookalike) audiences. The fake treats every record as a matched
 * Pinterest user, so a customer-list audience's size is its list's membership; a lookalike's is
 * its percentage of a country. Tests can make either report another size or status
 * (`state.setAudienceReading`).
 */
import { FakeError, invalidRequest, notFound } from './errors.js';
import type { OpContext, OpResult } from './context.js';
import { orderById, paginate } from './paging.js';
import { permittedAdAccount } from './accounts.js';
import type { AudienceRecord, CustomerListRecord, FakeState, LookalikeRule } from './state.js';

/** Pinterest users per percent of a country, for a lookalike's size. */
const LOOKALIKE_USERS_PER_PERCENT: Record<string, number> = { US: 900_000, CA: 110_000, GB: 240_000 };
export const LOOKALIKE_COUNTRIES = Object.keys(LOOKALIKE_USERS_PER_PERCENT);

function computedReading(state: FakeState, audience: AudienceRecord, minSize: number): { size: number | null; status: string } {
  if (state.matching) return { size: null, status: 'INITIALIZING' };
  if (audience.lookalike) {
    return { size: audience.lookalike.percentage * (LOOKALIKE_USERS_PER_PERCENT[audience.lookalike.country] ?? 0), status: 'READY' };
  }
  const members = state.lists.get(audience.customerListId ?? '')?.members.size ?? 0;
  return { size: members, status: members >= minSize ? 'READY' : 'TOO_SMALL' };
}

/** What Pinterest reports now: the computed size and status, unless a test set them. */
export function audienceReading(state: FakeState, audience: AudienceRecord, minSize: number): { size: number | null; status: string } {
  const computed = computedReading(state, audience, minSize);
  return {
    size: audience.sizeOverride !== undefined ? audience.sizeOverride : computed.size,
    status: audience.statusOverride ?? computed.status,
  };
}

function audienceJson(state: FakeState, audience: AudienceRecord, minSize: number): Record<string, unknown> {
  const reading = audienceReading(state, audience, minSize);
  const rule = audience.lookalike
    ? { seed_id: audience.lookalike.seedIds, country: audience.lookalike.country, percentage: audience.lookalike.percentage }
    : { customer_list_id: audience.customerListId };
  return {
    id: audience.id,
    ad_account_id: audience.adAccountId,
    name: audience.name,
    description: audience.description,
    audience_type: audience.lookalike ? 'ACTALIKE' : 'CUSTOMER_LIST',
    rule,
    size: reading.size,
    status: reading.status,
    type: 'audience',
    created_timestamp: audience.createdTimestamp,
    updated_timestamp: audience.updatedTimestamp,
    created_by_company_name: null,
  };
}

function ruleList(ctx: OpContext, rule: unknown): CustomerListRecord {
  const id = typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>).customer_list_id : undefined;
  if (typeof id !== 'string') throw invalidRequest('Invalid parameters: rule.customer_list_id is required for a CUSTOMER_LIST audience.');
  const list = ctx.state.lists.get(id);
  if (!list || list.adAccountId !== ctx.params.ad_account_id) {
    throw new FakeError(400, 400, `Invalid ad account audience parameters: customer list ${id} is not in ad account ${ctx.params.ad_account_id ?? ''}.`);
  }
  return list;
}

function checkBodyAccount(ctx: OpContext): void {
  const named = ctx.body.ad_account_id;
  if (named !== undefined && named !== ctx.params.ad_account_id) {
    throw invalidRequest('Invalid parameters: ad_account_id in the body differs from the one in the path.');
  }
}

function findAudience(ctx: OpContext): AudienceRecord {
  const audience = ctx.state.audienceRecords.get(ctx.params.audience_id ?? '');
  if (!audience || audience.removed || audience.adAccountId !== ctx.params.ad_account_id) {
    throw notFound(`Audience ${ctx.params.audience_id ?? ''}`);
  }
  return audience;
}

/** Pinterest's checks on an ACTALIKE rule: seeds in this account and READY, a country it serves, 1 to 10 %. */
function lookalikeRule(ctx: OpContext, rule: unknown): LookalikeRule {
  const r = typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>) : {};
  const seeds = r.seed_id;
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((id) => typeof id === 'string')) {
    throw invalidRequest('Invalid parameters: rule.seed_id (one or more audience IDs) is required for an ACTALIKE audience.');
  }
  if (typeof r.country !== 'string' || !LOOKALIKE_COUNTRIES.includes(r.country)) {
    throw new FakeError(400, 400, `Invalid ad account audience parameters: country ${JSON.stringify(r.country)} is not supported for ACTALIKE audiences; use one of ${LOOKALIKE_COUNTRIES.join(', ')}.`);
  }
  if (typeof r.percentage !== 'number' || !Number.isInteger(r.percentage) || r.percentage < 1 || r.percentage > 10) {
    throw new FakeError(400, 400, `Invalid ad account audience parameters: percentage must be 1 to 10, not ${JSON.stringify(r.percentage)}.`);
  }
  const min = ctx.faults.settings.minAudienceSize;
  for (const id of seeds as string[]) {
    const seed = ctx.state.audienceRecords.get(id);
    if (!seed || seed.removed || seed.adAccountId !== ctx.params.ad_account_id) {
      throw new FakeError(400, 400, `Invalid ad account audience parameters: seed audience ${id} is not in ad account ${ctx.params.ad_account_id ?? ''}.`);
    }
    const status = audienceReading(ctx.state, seed, min).status;
    if (status !== 'READY') {
      throw new FakeError(400, 400, `Invalid ad account audience parameters: seed audience ${id} is not ready (status ${status}); an ACTALIKE audience needs READY seeds.`);
    }
  }
  return { seedIds: [...(seeds as string[])], country: r.country, percentage: r.percentage };
}

export function createAudience(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  const account = permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  checkBodyAccount(ctx);
  if (body.audience_type !== 'CUSTOMER_LIST' && body.audience_type !== 'ACTALIKE') {
    throw invalidRequest(`Invalid parameters: this fake supports audience_type CUSTOMER_LIST and ACTALIKE only, not ${String(body.audience_type)}.`);
  }
  if (typeof body.name !== 'string' || body.name.trim() === '') throw invalidRequest('Invalid parameters: name is required.');
  const min = ctx.faults.settings.minAudienceSize;
  let customerListId: string | null = null;
  let lookalike: LookalikeRule | undefined;
  if (body.audience_type === 'ACTALIKE') {
    lookalike = lookalikeRule(ctx, body.rule);
  } else {
    const list = ruleList(ctx, body.rule);
    if (list.members.size < min) {
      throw new FakeError(
        400,
        400,
        `Invalid ad account audience parameters: customer list ${list.id} has ${list.members.size} matched Pinterest users; an audience needs at least ${min}.`,
      );
    }
    customerListId = list.id;
  }
  const now = state.seconds();
  const audience: AudienceRecord = {
    id: state.newId(),
    adAccountId: account.id,
    name: body.name,
    description: typeof body.description === 'string' ? body.description : null,
    customerListId,
    ...(lookalike ? { lookalike } : {}),
    createdTimestamp: now,
    updatedTimestamp: now,
    removed: false,
  };
  state.audienceRecords.set(audience.id, audience);
  return { status: 200, body: audienceJson(state, audience, min) };
}

export function listAudiences(ctx: OpContext): OpResult {
  permittedAdAccount(ctx.state, ctx.params.ad_account_id ?? '');
  const ownership = ctx.query.get('ownership_type');
  const mine =
    ownership === 'RECEIVED'
      ? []
      : [...ctx.state.audienceRecords.values()].filter((a) => !a.removed && a.adAccountId === ctx.params.ad_account_id);
  const page = paginate(orderById(mine, ctx.query.get('order')), ctx.query);
  const min = ctx.faults.settings.minAudienceSize;
  return { status: 200, body: { items: page.items.map((a) => audienceJson(ctx.state, a, min)), bookmark: page.bookmark } };
}

export function getAudience(ctx: OpContext): OpResult {
  permittedAdAccount(ctx.state, ctx.params.ad_account_id ?? '');
  return { status: 200, body: audienceJson(ctx.state, findAudience(ctx), ctx.faults.settings.minAudienceSize) };
}

export function updateAudience(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  checkBodyAccount(ctx);
  const audience = findAudience(ctx);
  const operation = body.operation_type ?? 'UPDATE';
  if (operation !== 'UPDATE' && operation !== 'REMOVE') {
    throw invalidRequest(`Invalid parameters: operation_type must be UPDATE or REMOVE, not ${String(operation)}.`);
  }
  if (operation === 'REMOVE') {
    audience.removed = true;
  } else {
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || body.name.trim() === '') throw invalidRequest('Invalid parameters: name must not be empty.');
      audience.name = body.name;
    }
    if (body.description !== undefined) audience.description = typeof body.description === 'string' ? body.description : null;
    if (body.rule !== undefined) {
      if (audience.lookalike) audience.lookalike = lookalikeRule(ctx, body.rule);
      else audience.customerListId = ruleList(ctx, body.rule).id;
    }
  }
  audience.updatedTimestamp = state.seconds();
  return { status: 200, body: audienceJson(state, audience, ctx.faults.settings.minAudienceSize) };
}
