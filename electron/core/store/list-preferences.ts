import type { Db } from '../db/open.js';

/** Small per-list choices the app remembers (today: the ad account last chosen for a sync). */

/** The remembered ad account of one list, or of every list (`listId` omitted). */
export function adAccountChoices(db: Db, listId?: number): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT list_id AS listId, ad_account_id AS adAccountId FROM list_preferences
        WHERE ad_account_id IS NOT NULL ${listId === undefined ? '' : 'AND list_id = ?'}`,
    )
    .all(...(listId === undefined ? [] : [listId])) as { listId: number; adAccountId: string }[];
  return new Map(rows.map((row) => [row.listId, row.adAccountId]));
}

/** Remembers (or, with null, forgets) the ad account chosen for the list. */
export function rememberAdAccount(db: Db, listId: number, adAccountId: string | null): void {
  db.prepare(
    `INSERT INTO list_preferences (list_id, ad_account_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (list_id) DO UPDATE SET ad_account_id = excluded.ad_account_id, updated_at = excluded.updated_at`,
  ).run(listId, adAccountId, new Date().toISOString());
}
