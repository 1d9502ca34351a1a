import type { Migration } from '../migrations.js';

/**
 * Syncing lists to Pinterest: targets, the confirmed ledger, runs, the per-list lock and remote
 * status snapshots. See docs/decisions/0005-sync-ledger.md.
 *
 * The ledger of a target is what Pinterest has confirmed, as
 *   confirmed = (base ∪ confirmed ADD batches) − confirmed REMOVE batches
 *   uncertain = uncertain_set ∪ batches still 'sent' (their answer never came)
 * and is compacted back into `ledger_set_id` / `uncertain_set_id` (immutable hash sets) at the
 * start and end of every sync, so the journal only ever holds one run's batches.
 */
export const syncSchema: Migration = {
  version: 3,
  name: 'sync targets, confirmed ledger, runs, locks, remote status',
  sql: `
-- One Pinterest customer list (and the audience on top of it) per local list, ad account and kind.
CREATE TABLE sync_targets (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  ad_account_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'gaid', 'idfa')),
  list_type TEXT NOT NULL CHECK (list_type IN ('EMAIL', 'MAID', 'IDFA')),
  customer_list_name TEXT NOT NULL,
  -- NULL until Pinterest answered the create.
  customer_list_id TEXT,
  -- A create was sent and its answer never came: look the list up by name before creating again.
  create_sent_at TEXT,
  adopted INTEGER NOT NULL DEFAULT 0 CHECK (adopted IN (0, 1)),
  audience_id TEXT,
  audience_state TEXT NOT NULL DEFAULT 'none' CHECK (audience_state IN ('none', 'pending', 'created')),
  audience_message TEXT,
  -- An audience create may have landed unanswered: look it up before creating again.
  audience_lookup INTEGER NOT NULL DEFAULT 0 CHECK (audience_lookup IN (0, 1)),
  -- The compacted ledger; NULL is the empty set.
  ledger_set_id INTEGER REFERENCES hash_sets(id),
  uncertain_set_id INTEGER REFERENCES hash_sets(id),
  last_sync_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (list_id, ad_account_id, kind)
);
CREATE UNIQUE INDEX sync_targets_by_remote ON sync_targets(ad_account_id, customer_list_id) WHERE customer_list_id IS NOT NULL;

-- The ledger's sets belong to their target alone.
CREATE TRIGGER sync_targets_drop_sets AFTER DELETE ON sync_targets BEGIN
  DELETE FROM hash_sets WHERE id IN (OLD.ledger_set_id, OLD.uncertain_set_id);
END;

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  ad_account_id TEXT NOT NULL,
  job_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  owner_pid INTEGER NOT NULL,
  owner_host TEXT NOT NULL,
  added INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  requests INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0,
  batches INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  remote_ids_json TEXT NOT NULL DEFAULT '{}',
  warnings_json TEXT NOT NULL DEFAULT '[]',
  report_json TEXT
);
CREATE INDEX sync_runs_by_list ON sync_runs(list_id, id);
CREATE INDEX sync_runs_by_job ON sync_runs(job_id) WHERE job_id IS NOT NULL;

-- The ledger's journal: one row per batch sent. 'sent' is written before the request (its records
-- are uncertain until the answer), 'confirmed' after a 200 in the transaction that counts it,
-- 'refused' for a single record Pinterest refused even alone.
CREATE TABLE sync_batches (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
  run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  op TEXT NOT NULL CHECK (op IN ('ADD', 'REMOVE')),
  state TEXT NOT NULL CHECK (state IN ('sent', 'confirmed', 'refused')),
  size INTEGER NOT NULL CHECK (size > 0),
  hashes BLOB NOT NULL CHECK (length(hashes) = size * 32),
  sent_at TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX sync_batches_by_target ON sync_batches(target_id, id);

-- A run's plan, materialised when it starts: the hashes to add and to remove per kind. It is the
-- run's snapshot of the list, so an import that replaces the list's sets cannot pull it away.
CREATE TABLE sync_plan_sets (
  run_id INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'gaid', 'idfa')),
  op TEXT NOT NULL CHECK (op IN ('ADD', 'REMOVE')),
  set_id INTEGER NOT NULL REFERENCES hash_sets(id),
  PRIMARY KEY (run_id, kind, op)
) WITHOUT ROWID;

CREATE TRIGGER sync_plan_sets_drop_set AFTER DELETE ON sync_plan_sets BEGIN
  DELETE FROM hash_sets WHERE id = OLD.set_id;
END;

-- One sync per list at a time. A lock whose process is gone (same host) or whose heartbeat is
-- stale may be taken over.
CREATE TABLE sync_locks (
  list_id INTEGER PRIMARY KEY REFERENCES lists(id) ON DELETE CASCADE,
  run_id INTEGER,
  token TEXT NOT NULL,
  owner_pid INTEGER NOT NULL,
  owner_host TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);

-- What Pinterest said about a target when asked (matching takes 24 to 48 hours).
CREATE TABLE sync_remote_status (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
  fetched_at TEXT NOT NULL,
  customer_list_status TEXT,
  num_uploaded_user_records INTEGER,
  num_removed_user_records INTEGER,
  num_batches INTEGER,
  audience_status TEXT,
  audience_size INTEGER,
  problem TEXT
);
CREATE INDEX sync_remote_status_by_target ON sync_remote_status(target_id, id);
`,
};
