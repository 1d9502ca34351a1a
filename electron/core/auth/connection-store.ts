import type { Db } from '../db/open.js';

/** What is known about the Pinterest connection that is not a secret. */
export interface ConnectionFacts {
  method: 'oauth' | 'token';
  appId: string | null;
  redirectUri: string | null;
  accountId: string | null;
  username: string | null;
  accountType: string | null;
  scopes: string[] | null;
  connectedAt: string;
  expiresAt: string | null;
  refreshExpiresAt: string | null;
  refreshedAt: string | null;
}

interface Row {
  method: 'oauth' | 'token';
  app_id: string | null;
  redirect_uri: string | null;
  account_id: string | null;
  username: string | null;
  account_type: string | null;
  scopes: string | null;
  connected_at: string;
  expires_at: string | null;
  refresh_expires_at: string | null;
  refreshed_at: string | null;
}

/**
 * The one-row `pinterest_connection` table. In SQLite rather than the settings file because it
 * is state the app records (like sync history), not a preference the user edits, and the sync
 * engine reads it next to its own tables.
 */
export class ConnectionStore {
  constructor(private readonly db: Db) {}

  get(): ConnectionFacts | null {
    const row = this.db.prepare('SELECT * FROM pinterest_connection WHERE id = 1').get() as Row | undefined;
    if (!row) return null;
    return {
      method: row.method,
      appId: row.app_id,
      redirectUri: row.redirect_uri,
      accountId: row.account_id,
      username: row.username,
      accountType: row.account_type,
      scopes: row.scopes === null ? null : row.scopes.split(' ').filter((scope) => scope !== ''),
      connectedAt: row.connected_at,
      expiresAt: row.expires_at,
      refreshExpiresAt: row.refresh_expires_at,
      refreshedAt: row.refreshed_at,
    };
  }

  save(facts: ConnectionFacts): void {
    this.db
      .prepare(
        `INSERT INTO pinterest_connection
           (id, method, app_id, redirect_uri, account_id, username, account_type, scopes, connected_at, expires_at, refresh_expires_at, refreshed_at)
         VALUES (1, @method, @appId, @redirectUri, @accountId, @username, @accountType, @scopes, @connectedAt, @expiresAt, @refreshExpiresAt, @refreshedAt)
         ON CONFLICT (id) DO UPDATE SET
           method = excluded.method, app_id = excluded.app_id, redirect_uri = excluded.redirect_uri,
           account_id = excluded.account_id, username = excluded.username, account_type = excluded.account_type,
           scopes = excluded.scopes, connected_at = excluded.connected_at, expires_at = excluded.expires_at,
           refresh_expires_at = excluded.refresh_expires_at, refreshed_at = excluded.refreshed_at`,
      )
      .run({ ...facts, scopes: facts.scopes === null ? null : facts.scopes.join(' ') });
  }

  recordRefresh(expiresAt: string | null, refreshExpiresAt: string | null, refreshedAt: string): void {
    this.db
      .prepare('UPDATE pinterest_connection SET expires_at = ?, refresh_expires_at = COALESCE(?, refresh_expires_at), refreshed_at = ? WHERE id = 1')
      .run(expiresAt, refreshExpiresAt, refreshedAt);
  }

  clear(): boolean {
    return this.db.prepare('DELETE FROM pinterest_connection WHERE id = 1').run().changes > 0;
  }
}
