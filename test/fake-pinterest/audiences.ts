/**
 * CUSTOMER_LIST audiences. The fake treats every record as a matched Pinterest user, so an
 * audience's size is its customer list's membership.
 */
import { FakeError, invalidRequest, notFound } from './errors.js';
import type { OpContext, OpResult } from './context.js';
import { orderById, paginate } from './paging.js';
import { permittedAdAccount } from './accounts.js';
import type { AudienceRecord, CustomerListRecord, FakeState } from './state.js';

function audienceJson(state: FakeState, audience: AudienceRecord, minSize: number): Record<string, unknown> {
  const members = state.lists.get(audience.customerListId)?.members.size ?? 0;
  return {
    id: audience.id,
    ad_account_id: audience.adAccountId,
    name: audience.name,
    description: audience.description,
    audience_type: 'CUSTOMER_LIST',
    rule: { customer_list_id: audience.customerListId },
    size: state.matching ? null : members,
    status: state.matching ? 'INITIALIZING' : members >= minSize ? 'READY' : 'TOO_SMALL',
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

export function createAudience(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  const account = permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  checkBodyAccount(ctx);
  if (body.audience_type !== 'CUSTOMER_LIST') {
    throw invalidRequest(`Invalid parameters: this fake supports audience_type CUSTOMER_LIST only, not ${String(body.audience_type)}.`);
  }
  if (typeof body.name !== 'string' || body.name.trim() === '') throw invalidRequest('Invalid parameters: name is required.');
  const list = ruleList(ctx, body.rule);
  const min = ctx.faults.settings.minAudienceSize;
  if (list.members.size < min) {
    throw new FakeError(
      400,
      400,
      `Invalid ad account audience parameters: customer list ${list.id} has ${list.members.size} matched Pinterest users; an audience needs at least ${min}.`,
    );
  }
  const now = state.seconds();
  const audience: AudienceRecord = {
    id: state.newId(),
    adAccountId: account.id,
    name: body.name,
    description: typeof body.description === 'string' ? body.description : null,
    customerListId: list.id,
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
    if (body.rule !== undefined) audience.customerListId = ruleList(ctx, body.rule).id;
  }
  audience.updatedTimestamp = state.seconds();
  return { status: 200, body: audienceJson(state, audience, ctx.faults.settings.minAudienceSize) };
}
