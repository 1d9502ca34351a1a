/**
 * Customer lists. Each keeps its real membership (a Set of records) beside the counters Pinterest
 * reports, which count what was sent (an ADD of a present record or a REMOVE of an absent one
 * still counts), never who is in the list.
 */
import { invalidRequest, notFound } from './errors.js';
import type { OpContext, OpResult } from './context.js';
import { orderById, paginate } from './paging.js';
import { parseRecords } from './records.js';
import { permittedAdAccount } from './accounts.js';
import type { CustomerListRecord, FakeState, ListType } from './state.js';

const LIST_TYPES: readonly ListType[] = ['EMAIL', 'IDFA', 'MAID'];

export function customerListJson(state: FakeState, list: CustomerListRecord, minSize: number): Record<string, unknown> {
  const status = state.matching ? 'PROCESSING' : list.members.size >= minSize ? 'READY' : 'TOO_SMALL';
  return {
    id: list.id,
    ad_account_id: list.adAccountId,
    name: list.name,
    created_time: list.createdTime,
    updated_time: list.updatedTime,
    num_batches: list.numBatches,
    num_uploaded_user_records: list.numUploadedUserRecords,
    num_removed_user_records: list.numRemovedUserRecords,
    status,
    type: 'customerlist',
  };
}

function refuseExceptions(body: Record<string, unknown>): void {
  if ('exceptions' in body) {
    throw invalidRequest('Invalid parameters: exceptions was removed in API version 5.15.0; do not send it.');
  }
}

/** The list named by the path, in the ad account named by the path, or 404. */
export function findList(ctx: OpContext, id: string | undefined): CustomerListRecord {
  const list = id ? ctx.state.lists.get(id) : undefined;
  if (!list || list.adAccountId !== ctx.params.ad_account_id) throw notFound(`Customer list ${id ?? ''}`);
  return list;
}

export function createCustomerList(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  const account = permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  refuseExceptions(body);
  const listType = body.list_type ?? 'EMAIL';
  if (!LIST_TYPES.includes(listType as ListType)) {
    throw invalidRequest(`Invalid parameters: list_type must be one of ${LIST_TYPES.join(', ')}, not ${String(listType)}.`);
  }
  if (typeof body.name !== 'string' || body.name.trim() === '') throw invalidRequest('Invalid parameters: name is required.');
  const records = parseRecords(body.records, ctx.faults.settings);
  const now = state.seconds();
  const list: CustomerListRecord = {
    id: state.newId(),
    adAccountId: account.id,
    name: body.name,
    listType: listType as ListType,
    createdTime: now,
    updatedTime: now,
    numBatches: 1,
    numUploadedUserRecords: records.length,
    numRemovedUserRecords: 0,
    members: new Set(records),
  };
  state.lists.set(list.id, list);
  return { status: 200, body: customerListJson(state, list, ctx.faults.settings.minAudienceSize) };
}

export function listCustomerLists(ctx: OpContext): OpResult {
  permittedAdAccount(ctx.state, ctx.params.ad_account_id ?? '');
  const mine = [...ctx.state.lists.values()].filter((l) => l.adAccountId === ctx.params.ad_account_id);
  const page = paginate(orderById(mine, ctx.query.get('order')), ctx.query);
  const min = ctx.faults.settings.minAudienceSize;
  return { status: 200, body: { items: page.items.map((l) => customerListJson(ctx.state, l, min)), bookmark: page.bookmark } };
}

export function getCustomerList(ctx: OpContext): OpResult {
  permittedAdAccount(ctx.state, ctx.params.ad_account_id ?? '');
  const list = findList(ctx, ctx.params.customer_list_id);
  return { status: 200, body: customerListJson(ctx.state, list, ctx.faults.settings.minAudienceSize) };
}

export function updateCustomerList(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  const list = findList(ctx, ctx.params.customer_list_id);
  refuseExceptions(body);
  if ('list_type' in body) {
    throw invalidRequest(`Invalid parameters: list_type is fixed at creation (this list is ${list.listType}) and cannot be sent in an update.`);
  }
  const operation = body.operation_type;
  if (operation !== 'ADD' && operation !== 'REMOVE') {
    throw invalidRequest(`Invalid parameters: operation_type must be ADD or REMOVE, not ${String(operation)}.`);
  }
  const records = parseRecords(body.records, ctx.faults.settings);
  if (operation === 'ADD') {
    for (const record of records) list.members.add(record);
    list.numUploadedUserRecords += records.length;
  } else {
    for (const record of records) list.members.delete(record);
    list.numRemovedUserRecords += records.length;
  }
  list.numBatches += 1;
  list.updatedTime = state.seconds();
  return { status: 200, body: customerListJson(state, list, ctx.faults.settings.minAudienceSize) };
}
