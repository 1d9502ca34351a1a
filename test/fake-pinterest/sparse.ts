/**
 * The leanest successful answers the spec allows, to prove a client reads nothing it may not get:
 * CustomerList, Audience and Account require no field at all and AdAccount only `id`. Objects keep
 * their `id` where the client must learn it (creates, reads, pages); an update or the user account
 * answers `{}`; a last page leaves `bookmark` out instead of sending null.
 */
import type { OperationId } from './operations.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOnly(value: unknown): Record<string, unknown> {
  return isObject(value) && typeof value.id === 'string' ? { id: value.id } : {};
}

export function sparseBody(operation: OperationId, body: unknown): unknown {
  // Their fields are what the client asked for (bounds, who has access): nothing to strip.
  if (operation === 'oauth/token' || operation === 'ad_groups/audience_sizing' || operation === 'ad_accounts_audiences_shared_accounts/list') return body;
  if (operation === 'update_ad_account_to_ad_account_shared_audience') return {};
  if (operation === 'user_account/get' || operation === 'customer_lists/update' || operation === 'audiences/update') return {};
  if (operation === 'ad_accounts/list' || operation === 'customer_lists/list' || operation === 'audiences/list') {
    const page = isObject(body) ? body : {};
    const items = Array.isArray(page.items) ? page.items.map(idOnly) : [];
    return typeof page.bookmark === 'string' ? { items, bookmark: page.bookmark } : { items };
  }
  return idOnly(body);
}
