import * as z from 'zod';
import { PinlistError } from '../../../shared/errors.js';
import { BatchTooLargeError, PinterestApiError, saysBatchTooLarge } from './errors.js';
import { recordsField } from './records.js';
import { PinterestTransport, type TransportOptions, type TransportRequest, type TransportResponse } from './transport.js';
import {
  adAccountSchema,
  audienceAnswerSchema,
  audienceSchema,
  audienceSizingSchema,
  customerListAnswerSchema,
  customerListSchema,
  pageSchema,
  sharedAudienceAccountSchema,
  sharedAudienceAnswerSchema,
  userAccountSchema,
  type AdAccount,
  type Audience,
  type AudienceAnswer,
  type AudienceSharingOperation,
  type AudienceSizing,
  type CreateLookalikeInput,
  type SharedAudienceAccount,
  type SharedAudienceAnswer,
  type CreateAudienceInput,
  type CreateCustomerListInput,
  type CustomerList,
  type CustomerListAnswer,
  type UpdateAudienceInput,
  type UpdateCustomerListInput,
  type UserAccount,
} from './types.js';

export const RECONNECT_HINT = 'Connect to Pinterest again (in the app: Settings → Pinterest; in a terminal: `pinlist auth login` or `pinlist auth token`). Your lists and sync history are kept.';
export const REQUIRED_SCOPES = ['ads:read', 'ads:write', 'user_accounts:read'] as const;

/** Where the bearer token comes from; the client asks again after Pinterest refuses one. */
export interface AccessTokenSource {
  accessToken(): Promise<string>;
  /** Pinterest refused `rejected` (401): refresh once and return the new token, or throw AUTH_EXPIRED. */
  renewAfterRejection(rejected: string): Promise<string>;
}

export interface PinterestClientOptions extends TransportOptions {
  tokens: AccessTokenSource;
  /** Items per page when listing; Pinterest allows 1 to 250. Default 250. */
  pageSize?: number;
}

interface CallSpec extends Omit<TransportRequest, 'authorization'> {
  /** Records carried, for a refusal by size. */
  recordCount?: number;
}

const MAX_PAGES = 10_000;
/** The spec's path IDs: `^\d+$`, at most 18 characters. */
const numericId = /^\d{1,18}$/;

/** The ID as the spec's path parameters take it, or INVALID_INPUT saying what to pick. */
export function pathId(value: string, what: string): string {
  if (!numericId.test(value)) {
    throw new PinlistError('INVALID_INPUT', `${what} must be Pinterest's numeric ID, not ${JSON.stringify(value).slice(0, 40)}. Pick it from the list Pinlist shows.`);
  }
  return value;
}

function detailOf(response: TransportResponse): string {
  const code = response.pinterestCode !== null ? `, code ${response.pinterestCode}` : '';
  const message = response.pinterestMessage ? `: ${response.pinterestMessage}` : '';
  return `${response.status}${code}${message}`;
}

/** Turns a refusal into an error a person can act on (and the sync engine can branch on). */
export function errorForResponse(response: TransportResponse, operation: string, recordCount?: number): PinterestApiError {
  const facts = { status: response.status, pinterestCode: response.pinterestCode, operation };
  const detail = detailOf(response);
  if (response.status === 401 && response.pinterestCode === 3) {
    return new PinterestApiError(
      'AUTH_FAILED',
      `The Pinterest connection lacks a permission needed for ${operation} (${detail}). Connect again and allow every permission Pinlist asks for (${REQUIRED_SCOPES.join(', ')}), including ads:write. ${RECONNECT_HINT}`,
      facts,
    );
  }
  if (response.status === 401) {
    return new PinterestApiError('AUTH_EXPIRED', `Pinterest no longer accepts the saved sign-in (${detail}). ${RECONNECT_HINT}`, facts);
  }
  if (response.status === 403) {
    return new PinterestApiError(
      'PINTEREST_FORBIDDEN',
      `Pinterest did not permit ${operation} (${detail}). Check that the connected Pinterest account has a role on this ad account that may manage audiences (Owner, Admin or Audience manager), ` +
        `that your Pinterest app has been granted Standard access to the Ads API (a Trial app cannot use customer lists), and that the sign-in allowed ads:write. Then try again or reconnect.`,
      facts,
    );
  }
  if (recordCount !== undefined && (response.status === 413 || response.status === 400)) {
    const said = response.pinterestMessage ?? (response.status === 413 ? 'request too large' : 'bad request');
    return new BatchTooLargeError(recordCount, facts, said, response.status === 413 || saysBatchTooLarge(said));
  }
  if (response.status === 404) {
    return new PinterestApiError(
      'PINTEREST_ERROR',
      `Pinterest found nothing for ${operation} (${detail}). It may have been deleted in Ads Manager, or belong to an ad account this sign-in cannot see.`,
      facts,
    );
  }
  return new PinterestApiError('PINTEREST_ERROR', `Pinterest refused ${operation} (${detail}). Check the details above; if they look right, try again later.`, facts);
}

/**
 * Typed calls to the parts of Pinterest's v5 API Pinlist uses. Waits and retries as Pinterest
 * asks (see PinterestTransport), refreshes the token once after a 401, and refuses to send a
 * record that is not a SHA-256 hash.
 */
export class PinterestClient {
  readonly transport: PinterestTransport;
  private readonly tokens: AccessTokenSource;
  private readonly pageSize: number;

  constructor(options: PinterestClientOptions) {
    this.transport = new PinterestTransport(options);
    this.tokens = options.tokens;
    this.pageSize = Math.min(250, Math.max(1, options.pageSize ?? 250));
  }

  async getUserAccount(): Promise<UserAccount> {
    return this.call({ method: 'GET', path: '/user_account', operation: 'reading your Pinterest account', idempotent: true }, userAccountSchema);
  }

  /** Every ad account the sign-in can use (own and shared), all pages. */
  async listAdAccounts(): Promise<AdAccount[]> {
    return this.paginate('/ad_accounts', 'listing ad accounts', adAccountSchema);
  }

  async createCustomerList(adAccountId: string, input: CreateCustomerListInput): Promise<CustomerList> {
    const operation = `creating customer list "${input.name}"`;
    const records = recordsField(input.records, operation);
    return this.call(
      {
        method: 'POST',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/customer_lists`,
        json: { name: input.name, list_type: input.list_type, records },
        operation,
        idempotent: false,
        recordCount: input.records.length,
      },
      customerListSchema,
    );
  }

  async listCustomerLists(adAccountId: string): Promise<CustomerList[]> {
    return this.paginate(`/ad_accounts/${pathId(adAccountId, 'The ad account')}/customer_lists`, 'listing customer lists', customerListSchema);
  }

  async getCustomerList(adAccountId: string, customerListId: string): Promise<CustomerListAnswer> {
    return this.call(
      {
        method: 'GET',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/customer_lists/${pathId(customerListId, 'The customer list')}`,
        operation: `reading customer list ${customerListId}`,
        idempotent: true,
      },
      customerListAnswerSchema,
    );
  }

  /** ADD or REMOVE records. Repeating it is harmless (membership is a set), so it is retried. */
  async updateCustomerList(adAccountId: string, customerListId: string, input: UpdateCustomerListInput): Promise<CustomerListAnswer> {
    const verb = input.operation_type === 'ADD' ? 'adding' : 'removing';
    const operation = `${verb} ${input.records.length} records ${input.operation_type === 'ADD' ? 'to' : 'from'} customer list ${customerListId}`;
    const records = recordsField(input.records, operation);
    return this.call(
      {
        method: 'PATCH',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/customer_lists/${pathId(customerListId, 'The customer list')}`,
        json: { operation_type: input.operation_type, records },
        operation,
        idempotent: true,
        recordCount: input.records.length,
      },
      customerListAnswerSchema,
    );
  }

  async createAudience(adAccountId: string, input: CreateAudienceInput): Promise<Audience> {
    const json: Record<string, unknown> = {
      name: input.name,
      audience_type: 'CUSTOMER_LIST',
      rule: { customer_list_id: pathId(input.customer_list_id, 'The customer list') },
    };
    if (input.description !== undefined) json.description = input.description;
    return this.call(
      {
        method: 'POST',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/audiences`,
        json,
        operation: `creating audience "${input.name}"`,
        idempotent: false,
      },
      audienceSchema,
    );
  }

  async listAudiences(adAccountId: string): Promise<Audience[]> {
    return this.paginate(`/ad_accounts/${pathId(adAccountId, 'The ad account')}/audiences`, 'listing audiences', audienceSchema);
  }

  async getAudience(adAccountId: string, audienceId: string): Promise<AudienceAnswer> {
    return this.call(
      {
        method: 'GET',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/audiences/${pathId(audienceId, 'The audience')}`,
        operation: `reading audience ${audienceId}`,
        idempotent: true,
      },
      audienceAnswerSchema,
    );
  }

  async updateAudience(adAccountId: string, audienceId: string, input: UpdateAudienceInput): Promise<AudienceAnswer> {
    const json: Record<string, unknown> = {};
    if (input.operation_type !== undefined) json.operation_type = input.operation_type;
    if (input.name !== undefined) json.name = input.name;
    if (input.description !== undefined) json.description = input.description;
    return this.call(
      {
        method: 'PATCH',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/audiences/${pathId(audienceId, 'The audience')}`,
        json,
        operation: input.operation_type === 'REMOVE' ? `removing audience ${audienceId}` : `updating audience ${audienceId}`,
        idempotent: true,
      },
      audienceAnswerSchema,
    );
  }

  /**
   * An ACTALIKE audience from seed audiences. Not retried after a failure that may have landed (a
   * create): the caller looks it up by name instead of risking a second one.
   */
  async createLookalike(adAccountId: string, input: CreateLookalikeInput): Promise<Audience> {
    const account = pathId(adAccountId, 'The ad account');
    const json: Record<string, unknown> = {
      name: input.name,
      audience_type: 'ACTALIKE',
      rule: { seed_id: input.seed_ids.map((id) => pathId(id, 'A seed audience')), country: input.country, percentage: input.percentage },
    };
    if (input.description !== undefined) json.description = input.description;
    return this.call(
      { method: 'POST', path: `/ad_accounts/${account}/audiences`, json, operation: `creating lookalike audience "${input.name}"`, idempotent: false },
      audienceSchema,
    );
  }

  /** Monthly reach of the audiences together (`targeting_spec.AUDIENCE_INCLUDE`). A read, though a POST. */
  async audienceSizing(adAccountId: string, audienceIds: readonly string[]): Promise<AudienceSizing> {
    return this.call(
      {
        method: 'POST',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/ad_groups/audience_sizing`,
        json: { targeting_spec: { AUDIENCE_INCLUDE: audienceIds.map((id) => pathId(id, 'The audience')) } },
        operation: 'estimating the reach of the audiences',
        idempotent: true,
      },
      audienceSizingSchema,
    );
  }

  /** SHARE or REVOKE one audience with other ad accounts. Repeating either is harmless, so it is retried. */
  async updateAudienceSharing(adAccountId: string, audienceId: string, recipients: readonly string[], operation: AudienceSharingOperation): Promise<SharedAudienceAnswer> {
    return this.call(
      {
        method: 'PATCH',
        path: `/ad_accounts/${pathId(adAccountId, 'The ad account')}/audiences/ad_accounts/shared`,
        json: {
          audience_id: pathId(audienceId, 'The audience'),
          recipient_account_ids: recipients.map((id) => pathId(id, 'The ad account to share with')),
          operation_type: operation,
        },
        operation: `${operation === 'SHARE' ? 'sharing' : 'revoking access to'} audience ${audienceId}`,
        idempotent: true,
      },
      sharedAudienceAnswerSchema,
    );
  }

  /** The ad accounts an audience of this ad account is shared with, all pages. */
  async listSharedAccounts(adAccountId: string, audienceId: string): Promise<SharedAudienceAccount[]> {
    return this.paginate(
      `/ad_accounts/${pathId(adAccountId, 'The ad account')}/audiences/shared/accounts`,
      `listing who has access to audience ${audienceId}`,
      sharedAudienceAccountSchema,
      { audience_id: pathId(audienceId, 'The audience'), account_type: 'AD_ACCOUNT' },
    );
  }

  private async paginate<T extends z.ZodType>(path: string, operation: string, item: T, query: Record<string, string> = {}): Promise<z.infer<T>[]> {
    const schema = pageSchema(item);
    const all: z.infer<T>[] = [];
    const seen = new Set<string>();
    let bookmark: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.call({ method: 'GET', path, query: { ...query, page_size: this.pageSize, bookmark }, operation, idempotent: true }, schema);
      all.push(...(answer.items as z.infer<T>[]));
      const next = answer.bookmark;
      if (!next) return all;
      if (seen.has(next)) {
        throw new PinterestApiError('PINTEREST_ERROR', `Pinterest sent the same page twice while ${operation}, so the list cannot be read to the end. Try again later.`, {
          status: 200,
          pinterestCode: null,
          operation,
        });
      }
      seen.add(next);
      bookmark = next;
    }
    throw new PinterestApiError('PINTEREST_ERROR', `Pinterest kept sending pages while ${operation} (more than ${MAX_PAGES}). Try again later.`, {
      status: 200,
      pinterestCode: null,
      operation,
    });
  }

  private async call<T extends z.ZodType>(spec: CallSpec, schema: T): Promise<z.infer<T>> {
    const { recordCount, ...request } = spec;
    let token = await this.tokens.accessToken();
    let renewed = false;
    for (;;) {
      const response = await this.transport.send({ ...request, authorization: `Bearer ${token}` });
      if (response.status === 401 && response.pinterestCode !== 3 && !renewed) {
        token = await this.tokens.renewAfterRejection(token);
        renewed = true;
        continue;
      }
      if (response.status < 200 || response.status >= 300) throw errorForResponse(response, spec.operation, recordCount);
      const parsed = schema.safeParse(response.body);
      if (!parsed.success) {
        throw new PinterestApiError(
          'PINTEREST_ERROR',
          `Pinterest answered ${spec.operation} in a shape Pinlist does not understand (${z.prettifyError(parsed.error).slice(0, 300)}). Pinterest may have changed its API: update Pinlist, or report this.`,
          { status: response.status, pinterestCode: null, operation: spec.operation },
        );
      }
      return parsed.data;
    }
  }
}

/** A token that cannot be refreshed: a pasted one being checked, or PINTEREST_ACCESS_TOKEN. */
export function fixedToken(token: string, whenRejected: () => PinlistError = () => new PinlistError('AUTH_EXPIRED', `Pinterest does not accept this access token. ${RECONNECT_HINT}`)): AccessTokenSource {
  return {
    accessToken: async () => token,
    renewAfterRejection: async () => {
      throw whenRejected();
    },
  };
}
