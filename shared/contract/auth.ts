import * as z from 'zod';
import { request } from './define.js';

export const authStatusSchema = z.strictObject({
  connected: z.boolean(),
  /** env: PINTEREST_ACCESS_TOKEN (never stored); keychain: a saved sign-in. */
  source: z.enum(['env', 'keychain']).nullable(),
  method: z.enum(['oauth', 'token']).nullable(),
  account: z
    .strictObject({ id: z.string().nullable(), username: z.string().nullable(), accountType: z.string().nullable() })
    .nullable(),
  appId: z.string().nullable(),
  appSecretStored: z.boolean(),
  redirectUri: z.string().nullable(),
  scopes: z.array(z.string()).nullable(),
  /** Required scopes the sign-in did not grant (reconnect to fix). */
  missingScopes: z.array(z.string()),
  connectedAt: z.string().nullable(),
  /** When the access token expires (ISO); null when unknown (a pasted token) or from the environment. */
  expiresAt: z.string().nullable(),
  refreshTokenExpiresAt: z.string().nullable(),
  /** The token renews itself (a refresh token and the app's credentials are saved). */
  canRefresh: z.boolean(),
  /** The account was checked with Pinterest during this call. */
  verified: z.boolean(),
  keychain: z.enum(['available', 'unavailable']),
  /** What is wrong and what to do, when something is. */
  problem: z.string().nullable(),
});

export const adAccountSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  country: z.string().nullable(),
  currency: z.string().nullable(),
  ownerUsername: z.string().nullable(),
  permissions: z.array(z.string()),
});

const appIdSchema = z.string().trim().regex(/^\d{1,32}$/, 'the App ID is a number');
const tokenSchema = z.string().trim().min(1).max(4096);

export const authRequests = {
  'auth.status': request(
    'Whether Pinlist is connected to Pinterest, as whom, from which source, and until when. `verify` asks Pinterest.',
    z.strictObject({ verify: z.boolean().optional() }),
    authStatusSchema,
  ),
  'auth.connectWithToken': request(
    'Connects with an access token made in Pinterest’s developer portal (and its refresh token, if any): checked with Pinterest, then kept in the keychain.',
    z.strictObject({ accessToken: tokenSchema, refreshToken: tokenSchema.optional() }),
    authStatusSchema,
  ),
  'auth.startOAuth': request(
    'Starts signing in with your own Pinterest app: listens on the loopback redirect URI and returns the address to open (the desktop app opens it). The secret is needed once; it is kept in the keychain.',
    z.strictObject({
      appId: appIdSchema,
      appSecret: z.string().trim().min(1).max(512).optional(),
      redirectUri: z.string().trim().max(300).optional(),
    }),
    z.strictObject({ authorizeUrl: z.string(), redirectUri: z.string(), expiresAt: z.string(), opened: z.boolean() }),
  ),
  'auth.completeOAuth': request(
    'Waits (up to 5 minutes from the start) until Pinterest sends the browser back, then stores the connection.',
    z.strictObject({}),
    authStatusSchema,
  ),
  'auth.cancelOAuth': request('Stops waiting for a sign-in that was started.', z.strictObject({}), z.strictObject({ cancelled: z.boolean() })),
  'auth.logout': request(
    'Removes the Pinterest secrets from the keychain and forgets the connection. Lists and sync history stay.',
    z.strictObject({}),
    z.strictObject({ removed: z.boolean(), envTokenSet: z.boolean() }),
  ),
  'pinterest.adAccounts': request('Every ad account the connection can use (all pages).', z.strictObject({}), z.array(adAccountSummarySchema)),
} as const;

export type AuthStatus = z.infer<typeof authStatusSchema>;
export type AdAccountSummary = z.infer<typeof adAccountSummarySchema>;
