import type { RequestChannel, RequestTable } from './define.js';

/**
 * The same channels as `requests` in index.ts, one domain file at a time, each loaded on first use.
 * Dispatch finds a channel's schemas here, so `pinlist lists` builds the lists domain's zod schemas
 * (and what that file imports) instead of every domain's (decision 0013). Channels are still
 * declared once, in their domain file; index.ts still merges them into the one table.
 */
export const contractDomains = {
  app: () => import('./app.js').then((module) => module.appRequests),
  files: () => import('./files.js').then((module) => module.fileRequests),
  auth: () => import('./auth.js').then((module) => module.authRequests),
  lists: () => import('./lists.js').then((module) => module.listRequests),
  import: () => import('./import.js').then((module) => module.importRequests),
  sync: () => import('./sync.js').then((module) => module.syncRequests),
  audiences: () => import('./audiences.js').then((module) => module.audienceRequests),
  db: () => import('./db.js').then((module) => module.dbRequests),
  automation: () => import('./automation.js').then((module) => module.automationRequests),
} satisfies Record<string, () => Promise<RequestTable>>;

export type ContractDomain = keyof typeof contractDomains;

/**
 * Which domain files declare the channels of a name's prefix (`suppression.*` spans two). Only a
 * shortcut: a channel it misses is still found, in the whole table (test/unit/contract-domains.test.ts
 * keeps it complete).
 */
const PREFIX_DOMAINS: Readonly<Record<string, readonly ContractDomain[]>> = {
  app: ['app'],
  jobs: ['app'],
  files: ['files'],
  auth: ['auth'],
  pinterest: ['auth'],
  lists: ['lists'],
  settings: ['lists'],
  suppression: ['lists', 'import'],
  import: ['import'],
  sync: ['sync'],
  audiences: ['audiences'],
  db: ['db'],
  automation: ['automation'],
  alerts: ['automation'],
};

/** The domain files that may declare `channel`, by its prefix (none for an unknown prefix). */
export function domainsFor(channel: string): readonly ContractDomain[] {
  const prefix = channel.slice(0, Math.max(0, channel.indexOf('.')));
  return Object.hasOwn(PREFIX_DOMAINS, prefix) ? PREFIX_DOMAINS[prefix]! : [];
}

/**
 * A channel's declaration (summary, input and output schemas), or undefined when the contract has
 * no request by that name (inherited names such as `constructor` included).
 */
export async function findRequest(channel: unknown): Promise<RequestChannel | undefined> {
  if (typeof channel !== 'string') return undefined;
  for (const domain of domainsFor(channel)) {
    const table: RequestTable = await contractDomains[domain]();
    if (Object.hasOwn(table, channel)) return table[channel];
  }
  const { requests } = await import('./index.js');
  const table: RequestTable = requests;
  return Object.hasOwn(table, channel) ? table[channel] : undefined;
}
