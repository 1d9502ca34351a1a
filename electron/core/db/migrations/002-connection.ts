import type { Migration } from '../migrations.js';

/**
 * The Pinterest connection's non-secret facts: which app and account, when, with what scopes.
 * Tokens and the app secret never come here: they live in the OS keychain only.
 * One row at most (id = 1): Pinlist talks to one Pinterest account at a time.
 */
export const connectionSchema: Migration = {
  version: 2,
  name: 'pinterest connection facts',
  sql: `
CREATE TABLE pinterest_connection (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  method TEXT NOT NULL CHECK (method IN ('oauth', 'token')),
  app_id TEXT,
  redirect_uri TEXT,
  account_id TEXT,
  username TEXT,
  account_type TEXT,
  scopes TEXT,
  connected_at TEXT NOT NULL,
  expires_at TEXT,
  refresh_expires_at TEXT,
  refreshed_at TEXT
);
`,
};
