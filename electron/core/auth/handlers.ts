import { connectionFor } from './connection.js';
import type { HandlerSlice } from '../handler-types.js';

export const authHandlers = {
  'auth.status': ({ verify }, { core }) => connectionFor(core).status({ verify: verify ?? false }),
  'auth.connectWithToken': ({ accessToken, refreshToken }, { core }) => connectionFor(core).connectWithToken({ accessToken, refreshToken }),
  'auth.startOAuth': async (input, { core, desktop }) => {
    const started = await connectionFor(core).startOAuth(input);
    // The desktop app opens the page itself (through its allowlisted shell); other surfaces show the address.
    if (desktop) await desktop.openExternal(started.authorizeUrl);
    return { ...started, opened: Boolean(desktop) };
  },
  'auth.completeOAuth': (_input, { core }) => connectionFor(core).completeOAuth(),
  'auth.cancelOAuth': async (_input, { core }) => ({ cancelled: await connectionFor(core).cancelOAuth() }),
  'auth.logout': (_input, { core }) => connectionFor(core).logout(),
  'pinterest.adAccounts': async (_input, { core }) => {
    const accounts = await connectionFor(core).client().listAdAccounts();
    return accounts.map((account) => ({
      id: account.id,
      name: account.name ?? null,
      country: account.country ?? null,
      currency: account.currency ?? null,
      ownerUsername: account.owner?.username ?? null,
      permissions: account.permissions ?? [],
    }));
  },
} satisfies HandlerSlice<
  'auth.status' | 'auth.connectWithToken' | 'auth.startOAuth' | 'auth.completeOAuth' | 'auth.cancelOAuth' | 'auth.logout' | 'pinterest.adAccounts'
>;
