/** Ad accounts and the user account. */
import { notPermitted } from './errors.js';
import type { OpContext, OpResult } from './context.js';
import { paginate } from './paging.js';
import type { AdAccountRecord, FakeState } from './state.js';

/** The ad account a request names, or 403 code 29 when the user may not use it (or it does not exist). */
export function permittedAdAccount(state: FakeState, id: string): AdAccountRecord {
  const account = state.adAccounts.get(id);
  if (!account || account.forbidden) throw notPermitted();
  return account;
}

function adAccountJson(state: FakeState, account: AdAccountRecord): Record<string, unknown> {
  return {
    id: account.id,
    name: account.name,
    country: account.country,
    currency: account.currency,
    owner: { id: state.user.id, username: state.user.username },
    permissions: account.permissions,
    created_time: account.createdTime,
    updated_time: account.createdTime,
  };
}

export function listAdAccounts(ctx: OpContext): OpResult {
  const visible = [...ctx.state.adAccounts.values()].filter((a) => !a.forbidden);
  const page = paginate(visible, ctx.query);
  return { status: 200, body: { items: page.items.map((a) => adAccountJson(ctx.state, a)), bookmark: page.bookmark } };
}

export function getUserAccount(ctx: OpContext): OpResult {
  const adAccountId = ctx.query.get('ad_account_id');
  if (adAccountId !== null) permittedAdAccount(ctx.state, adAccountId);
  const user = ctx.state.user;
  return {
    status: 200,
    body: {
      account_type: user.account_type,
      id: user.id,
      username: user.username,
      business_name: user.business_name,
      profile_image: '',
      website_url: '',
    },
  };
}
