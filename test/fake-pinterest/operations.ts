/**
 * The Pinterest v5 operations Pinlist uses, as the fake routes them. Kept by hand so the fake also
 * runs where the OpenAPI file is absent; a test checks this table against the spec when present.
 */
export const OPERATION_IDS = [
  'oauth/token',
  'ad_accounts/list',
  'user_account/get',
  'customer_lists/create',
  'customer_lists/list',
  'customer_lists/get',
  'customer_lists/update',
  'audiences/create',
  'audiences/list',
  'audiences/get',
  'audiences/update',
  'ad_groups/audience_sizing',
  'ad_accounts_audiences_shared_accounts/list',
  'update_ad_account_to_ad_account_shared_audience',
] as const;

export type OperationId = (typeof OPERATION_IDS)[number];

export interface OperationRoute {
  id: OperationId;
  method: 'GET' | 'POST' | 'PATCH';
  /** Path template below `/v5`, as the spec writes it. */
  template: string;
  /** Counted against Pinterest's `ads_write` category. */
  write: boolean;
  /** OAuth scope the bearer token needs (none for the token endpoint, which uses HTTP Basic). */
  scope: string | null;
}

export const OPERATIONS: readonly OperationRoute[] = [
  { id: 'oauth/token', method: 'POST', template: '/oauth/token', write: false, scope: null },
  { id: 'ad_accounts/list', method: 'GET', template: '/ad_accounts', write: false, scope: 'ads:read' },
  { id: 'user_account/get', method: 'GET', template: '/user_account', write: false, scope: 'user_accounts:read' },
  {
    id: 'customer_lists/create',
    method: 'POST',
    template: '/ad_accounts/{ad_account_id}/customer_lists',
    write: true,
    scope: 'ads:write',
  },
  {
    id: 'customer_lists/list',
    method: 'GET',
    template: '/ad_accounts/{ad_account_id}/customer_lists',
    write: false,
    scope: 'ads:read',
  },
  {
    id: 'customer_lists/get',
    method: 'GET',
    template: '/ad_accounts/{ad_account_id}/customer_lists/{customer_list_id}',
    write: false,
    scope: 'ads:read',
  },
  {
    id: 'customer_lists/update',
    method: 'PATCH',
    template: '/ad_accounts/{ad_account_id}/customer_lists/{customer_list_id}',
    write: true,
    scope: 'ads:write',
  },
  {
    id: 'audiences/create',
    method: 'POST',
    template: '/ad_accounts/{ad_account_id}/audiences',
    write: true,
    scope: 'ads:write',
  },
  { id: 'audiences/list', method: 'GET', template: '/ad_accounts/{ad_account_id}/audiences', write: false, scope: 'ads:read' },
  {
    id: 'audiences/get',
    method: 'GET',
    template: '/ad_accounts/{ad_account_id}/audiences/{audience_id}',
    write: false,
    scope: 'ads:read',
  },
  {
    id: 'audiences/update',
    method: 'PATCH',
    template: '/ad_accounts/{ad_account_id}/audiences/{audience_id}',
    write: true,
    scope: 'ads:write',
  },
  // A read, though a POST: the spec files it under ads_read.
  {
    id: 'ad_groups/audience_sizing',
    method: 'POST',
    template: '/ad_accounts/{ad_account_id}/ad_groups/audience_sizing',
    write: false,
    scope: 'ads:read',
  },
  {
    id: 'ad_accounts_audiences_shared_accounts/list',
    method: 'GET',
    template: '/ad_accounts/{ad_account_id}/audiences/shared/accounts',
    write: false,
    scope: 'ads:read',
  },
  {
    id: 'update_ad_account_to_ad_account_shared_audience',
    method: 'PATCH',
    template: '/ad_accounts/{ad_account_id}/audiences/ad_accounts/shared',
    write: true,
    scope: 'ads:write',
  },
];

export function operation(id: OperationId): OperationRoute {
  const found = OPERATIONS.find((op) => op.id === id);
  if (!found) throw new Error(`Unknown operation ${id}`);
  return found;
}

/** Path parameters of `path` if it fits `template` (both below `/v5`), else null. */
export function matchTemplate(template: string, path: string): Record<string, string> | null {
  const want = template.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    const name = /^\{(.+)\}$/.exec(w)?.[1];
    if (name) {
      if (g === '') return null;
      params[name] = decodeURIComponent(g);
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

/** Strip the `/v5` prefix the fake serves under, if present. */
export function apiPath(path: string): string {
  return path.startsWith('/v5/') ? path.slice(3) : path === '/v5' ? '/' : path;
}

export interface RouteMatch {
  op: OperationRoute;
  params: Record<string, string>;
}

/**
 * The operation for a request. `methodMismatch` is set when the path exists but not for this method,
 * so the caller can answer 405 rather than 404.
 */
export function matchRoute(method: string, path: string): { match: RouteMatch | null; methodMismatch: boolean } {
  const below = apiPath(path);
  let methodMismatch = false;
  for (const op of OPERATIONS) {
    const params = matchTemplate(op.template, below);
    if (!params) continue;
    if (op.method === method.toUpperCase()) return { match: { op, params }, methodMismatch: false };
    methodMismatch = true;
  }
  return { match: null, methodMismatch };
}
