/**
 * Everything the fake Pinterest remembers: apps, codes and tokens, ad accounts, customer lists
 * (with their real membership), audiences, and logs that tests inspect.
 */
import { randomBytes } from 'node:crypto';
import type { OperationId } from './operations.js';

export const DEFAULT_SCOPES = ['ads:read', 'ads:write', 'user_accounts:read'] as const;
const DAY_SECONDS = 86_400;

export interface FakeApp {
  appId: string;
  appSecret: string;
  /** Exact redirect URIs the app registered; null accepts any loopback URI. */
  redirectUris: string[] | null;
}

export interface AccessTokenRecord {
  token: string;
  appId: string | null;
  scopes: Set<string>;
  expiresAt: number;
}

export interface RefreshTokenRecord {
  token: string;
  appId: string | null;
  scopes: Set<string>;
  expiresAt: number;
  /** Rotated away: Pinterest gives a new refresh token on every refresh and the old one stops working. */
  used: boolean;
}

export interface AuthCodeRecord {
  code: string;
  appId: string;
  redirectUri: string;
  scopes: Set<string>;
  expiresAt: number;
  used: boolean;
}

export interface AdAccountInput {
  id: string;
  name?: string;
  country?: string;
  currency?: string;
  permissions?: string[];
}

export interface AdAccountRecord extends Required<AdAccountInput> {
  createdTime: number;
  forbidden: boolean;
}

export type ListType = 'EMAIL' | 'IDFA' | 'MAID';

export interface CustomerListRecord {
  id: string;
  adAccountId: string;
  name: string;
  listType: ListType;
  createdTime: number;
  updatedTime: number;
  numBatches: number;
  numUploadedUserRecords: number;
  numRemovedUserRecords: number;
  members: Set<string>;
}

export type CustomerListView = Omit<CustomerListRecord, 'members'> & { memberCount: number };

/** An ACTALIKE audience's rule: the audiences it resembles, where, and how broad (1 to 10 %). */
export interface LookalikeRule {
  seedIds: string[];
  country: string;
  percentage: number;
}

export interface AudienceRecord {
  id: string;
  adAccountId: string;
  name: string;
  description: string | null;
  /** The CUSTOMER_LIST audience's list; null for a lookalike. */
  customerListId: string | null;
  /** Set for an ACTALIKE audience. */
  lookalike?: LookalikeRule;
  /** What tests make Pinterest report instead of the computed size / status (see `setAudienceReading`). */
  sizeOverride?: number | null;
  statusOverride?: string;
  createdTimestamp: number;
  updatedTimestamp: number;
  removed: boolean;
}

/** One ad account's access to a shared audience. */
export interface AudienceShare {
  accountId: string;
  sharedOn: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  operation: OperationId | null;
  /** HTTP status answered; 0 when the connection was reset instead. */
  status: number;
  /** Records carried by a customer-list create or update, else null. */
  records: number | null;
  write: boolean;
  /** When the request arrived (ms since the epoch, the server's clock). */
  time: number;
  fault: 'reset' | 'rate_limit' | 'server_error' | 'token_expired' | null;
}

export interface Violation {
  kind: 'request' | 'response';
  operation: OperationId | null;
  method: string;
  path: string;
  status: number;
  problems: string[];
  time: number;
}

export interface UserAccountInfo {
  id: string;
  username: string;
  account_type: 'PINNER' | 'BUSINESS';
  business_name: string | null;
}

export interface StateOptions {
  now?: () => number;
  accessTokenExpiresIn?: number;
  refreshTokenExpiresIn?: number;
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(30).toString('base64url')}`;
}

export class FakeState {
  readonly apps = new Map<string, FakeApp>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly authCodes = new Map<string, AuthCodeRecord>();
  readonly adAccounts = new Map<string, AdAccountRecord>();
  readonly lists = new Map<string, CustomerListRecord>();
  readonly audienceRecords = new Map<string, AudienceRecord>();
  readonly requests: RequestLogEntry[] = [];
  readonly violations: Violation[] = [];
  user: UserAccountInfo = { id: '549755813888', username: 'pinlist_demo', account_type: 'BUSINESS', business_name: 'Pinlist Demo' };
  /** While true, audiences report `size: null` and status INITIALIZING, as during Pinterest's matching. */
  matching = false;
  /** False: the sharing endpoint answers 403 as for an app Pinterest has not given it to. */
  sharingAllowed = true;
  /** Who has access to each shared audience, by audience ID. */
  readonly shares = new Map<string, AudienceShare[]>();
  /** What the authorize page answers: approve (redirect with a code) or deny (`error=access_denied`). */
  authorizeDecision: 'approve' | 'deny' = 'approve';
  accessTokenExpiresIn: number;
  refreshTokenExpiresIn: number;
  readonly now: () => number;
  private nextId = 5_497_558_000_001n;

  constructor(options: StateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.accessTokenExpiresIn = options.accessTokenExpiresIn ?? 30 * DAY_SECONDS;
    this.refreshTokenExpiresIn = options.refreshTokenExpiresIn ?? 60 * DAY_SECONDS;
  }

  /** Unix seconds on the server's clock. */
  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  newId(): string {
    const id = this.nextId;
    this.nextId += 1n;
    return String(id);
  }

  registerApp(app: { appId: string; appSecret: string; redirectUris?: string[] }): FakeApp {
    const record: FakeApp = { appId: app.appId, appSecret: app.appSecret, redirectUris: app.redirectUris ?? null };
    this.apps.set(app.appId, record);
    return record;
  }

  /** Mint a token pair directly, as if the user had signed in (or pasted a portal token). */
  issueToken(options: { scopes?: readonly string[]; expiresIn?: number; appId?: string; accessToken?: string } = {}): {
    accessToken: string;
    refreshToken: string;
    expiresIn: number;
  } {
    const scopes = new Set(options.scopes ?? DEFAULT_SCOPES);
    const appId = options.appId ?? this.apps.keys().next().value ?? null;
    return this.mintTokens(appId, scopes, options.expiresIn, options.accessToken);
  }

  mintTokens(
    appId: string | null,
    scopes: Set<string>,
    expiresIn = this.accessTokenExpiresIn,
    accessToken = token('pina_'),
  ): { accessToken: string; refreshToken: string; expiresIn: number } {
    const now = this.now();
    const refreshToken = token('pinr_');
    this.accessTokens.set(accessToken, { token: accessToken, appId, scopes: new Set(scopes), expiresAt: now + expiresIn * 1000 });
    this.refreshTokens.set(refreshToken, {
      token: refreshToken,
      appId,
      scopes: new Set(scopes),
      expiresAt: now + this.refreshTokenExpiresIn * 1000,
      used: false,
    });
    return { accessToken, refreshToken, expiresIn };
  }

  createAuthCode(appId: string, redirectUri: string, scopes: Set<string>): string {
    const code = randomBytes(20).toString('hex');
    this.authCodes.set(code, { code, appId, redirectUri, scopes, expiresAt: this.now() + 10 * 60_000, used: false });
    return code;
  }

  /** Expire one access token, or every one when none is named. */
  expireAccessToken(accessToken?: string): void {
    for (const record of this.accessTokens.values()) {
      if (accessToken === undefined || record.token === accessToken) record.expiresAt = this.now() - 1;
    }
  }

  addAdAccount(input: AdAccountInput): AdAccountRecord {
    const record: AdAccountRecord = {
      id: input.id,
      name: input.name ?? `Ad account ${input.id}`,
      country: input.country ?? 'US',
      currency: input.currency ?? 'USD',
      permissions: input.permissions ?? ['OWNER'],
      createdTime: this.seconds(),
      forbidden: false,
    };
    this.adAccounts.set(record.id, record);
    return record;
  }

  /** Make an ad account answer 403 code 29 (or stop doing so). */
  forbidAdAccount(id: string, forbidden = true): void {
    const account = this.adAccounts.get(id);
    if (!account) throw new Error(`No ad account ${id}`);
    account.forbidden = forbidden;
  }

  /** The records currently in a customer list (a copy). */
  membership(customerListId: string): Set<string> {
    const list = this.lists.get(customerListId);
    if (!list) throw new Error(`No customer list ${customerListId}`);
    return new Set(list.members);
  }

  customerLists(): CustomerListView[] {
    return [...this.lists.values()].map(({ members, ...rest }) => ({ ...rest, memberCount: members.size }));
  }

  audiences(): AudienceRecord[] {
    return [...this.audienceRecords.values()].map((a) => ({ ...a }));
  }

  /**
   * Make Pinterest report this size and/or status for an audience (e.g. 60 % of its members, or
   * INITIALIZING for a seed not ready yet). `size: undefined` leaves the size as computed.
   */
  setAudienceReading(audienceId: string, reading: { size?: number | null; status?: string }): void {
    const audience = this.audienceRecords.get(audienceId);
    if (!audience) throw new Error(`No audience ${audienceId}`);
    if (reading.size !== undefined) audience.sizeOverride = reading.size;
    if (reading.status !== undefined) audience.statusOverride = reading.status;
  }

  /** How many requests were logged, optionally only writes, one operation or one status. */
  countRequests(filter: { write?: boolean; operation?: OperationId; status?: number } = {}): number {
    return this.requests.filter(
      (r) =>
        (filter.write === undefined || r.write === filter.write) &&
        (filter.operation === undefined || r.operation === filter.operation) &&
        (filter.status === undefined || r.status === filter.status),
    ).length;
  }

  /** Write requests (customer list and audience create/update) received so far, whatever their answer. */
  get writeRequestCount(): number {
    return this.countRequests({ write: true });
  }
}
