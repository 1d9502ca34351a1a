/**
 * Audience sharing between ad accounts and reach estimates. Sharing is "not available to all
 * apps" (the spec): `state.sharingAllowed = false` answers 403 code 29 as for such an app. A
 * recipient must be an ad account this fake knows (standing in for the business hierarchy).
 */
import { permittedAdAccount } from './accounts.js';
import { audienceReading } from './audiences.js';
import type { OpContext, OpResult } from './context.js';
import { FakeError, notFound } from './errors.js';
import { paginate } from './paging.js';
import type { AudienceRecord } from './state.js';

function sharingRefused(): FakeError {
  return new FakeError(403, 29, 'Your application does not have access to audience sharing. This endpoint is not available to all apps; ask Pinterest for access.');
}

function ownedAudience(ctx: OpContext, id: unknown, missing: () => FakeError): AudienceRecord {
  const audience = typeof id === 'string' ? ctx.state.audienceRecords.get(id) : undefined;
  if (!audience || audience.removed || audience.adAccountId !== ctx.params.ad_account_id) throw missing();
  return audience;
}

export function updateSharedAudience(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  const owner = permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  if (!state.sharingAllowed) throw sharingRefused();
  const audience = ownedAudience(ctx, body.audience_id, () => new FakeError(400, 400, `Invalid audience id: ${String(body.audience_id)} is not an audience owned by ad account ${owner.id}.`));
  const recipients = Array.isArray(body.recipient_account_ids) ? (body.recipient_account_ids as string[]) : [];
  for (const id of recipients) {
    if (id === owner.id || !state.adAccounts.has(id)) {
      throw new FakeError(400, 400, `Invalid ad account id: ${id} is not an ad account in the same business hierarchy as ${owner.id}.`);
    }
  }
  const current = state.shares.get(audience.id) ?? [];
  const next =
    body.operation_type === 'REVOKE'
      ? current.filter((share) => !recipients.includes(share.accountId))
      : [...current, ...recipients.filter((id) => !current.some((share) => share.accountId === id)).map((accountId) => ({ accountId, sharedOn: state.seconds() }))];
  state.shares.set(audience.id, next);
  return { status: 200, body: { audience_id: audience.id, recipient_account_ids: recipients, permissions: [] } };
}

export function listSharedAccounts(ctx: OpContext): OpResult {
  const { state } = ctx;
  permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  if (!state.sharingAllowed) throw sharingRefused();
  const audience = ownedAudience(ctx, ctx.query.get('audience_id'), () => notFound('Shared accounts'));
  const accountType = ctx.query.get('account_type');
  const shares = accountType === 'BUSINESS_ACCOUNT' ? [] : (state.shares.get(audience.id) ?? []);
  const page = paginate(shares, ctx.query);
  return {
    status: 200,
    body: {
      items: page.items.map((share) => ({
        account_id: share.accountId,
        account_name: state.adAccounts.get(share.accountId)?.name ?? share.accountId,
        account_type: 'AD_ACCOUNT',
        shared_on_timestamp: share.sharedOn,
      })),
      bookmark: page.bookmark,
    },
  };
}

/** Monthly reach of everyone Pinterest serves, when no audience narrows it. */
const ALL_USERS = 100_000_000;

/** A reach estimate: the included audiences' sizes (or everyone), within Pinterest's usual spread. */
export function audienceSizing(ctx: OpContext): OpResult {
  const { state, body } = ctx;
  permittedAdAccount(state, ctx.params.ad_account_id ?? '');
  const spec = typeof body.targeting_spec === 'object' && body.targeting_spec !== null ? (body.targeting_spec as Record<string, unknown>) : {};
  const include = Array.isArray(spec.AUDIENCE_INCLUDE) ? (spec.AUDIENCE_INCLUDE as string[]) : [];
  let people = include.length === 0 ? ALL_USERS : 0;
  const min = ctx.faults.settings.minAudienceSize;
  for (const id of include) {
    const audience = state.audienceRecords.get(id);
    if (!audience || audience.removed || audience.adAccountId !== ctx.params.ad_account_id) {
      throw new FakeError(403, 403, "You don't have access to the requested audience list or product group.");
    }
    people += audienceReading(state, audience, min).size ?? 0;
  }
  return { status: 200, body: { audience_size_lower_bound: Math.floor(people * 0.6), audience_size_upper_bound: Math.ceil(people * 0.9) } };
}
