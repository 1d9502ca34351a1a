import type { Migration } from '../migrations.js';

/**
 * Audience health over time, lookalikes and the record of audience writes (issue 11).
 *
 * A reading is what Pinterest said about one target's audience at one moment, beside what Pinlist
 * knew then (the confirmed ledger and the list's own members), so a match rate is always computed
 * from a real reading with its date, never guessed.
 */
export const audienceReadingsSchema: Migration = {
  version: 5,
  name: 'audience readings, lookalikes, audience actions',
  sql: `
CREATE TABLE audience_readings (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES sync_targets(id) ON DELETE CASCADE,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'gaid', 'idfa')),
  taken_at TEXT NOT NULL,
  -- The audience's status and size; NULL while there is no audience, or Pinterest has not sized it.
  status TEXT,
  size INTEGER,
  -- The customer list's num_uploaded_user_records (records sent, not members).
  uploaded INTEGER,
  -- Members Pinterest confirmed (the ledger) and the local list's members of this kind, then.
  confirmed INTEGER NOT NULL,
  list_members INTEGER NOT NULL,
  -- What asked: the schedule after a sync, a status request, or the user.
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'status', 'manual')),
  problem TEXT
);
CREATE INDEX audience_readings_by_list ON audience_readings(list_id, taken_at);
CREATE INDEX audience_readings_by_target ON audience_readings(target_id, id);

-- Lookalike (ACTALIKE) audiences grown from a list's audiences; kept under their list.
CREATE TABLE lookalikes (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  ad_account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  -- pending: a seed was not READY yet (nothing was sent); removed: removed on Pinterest.
  state TEXT NOT NULL CHECK (state IN ('pending', 'created', 'removed')),
  audience_id TEXT,
  seed_kinds_json TEXT NOT NULL,
  seed_ids_json TEXT NOT NULL,
  country TEXT NOT NULL CHECK (country IN ('US', 'CA', 'GB')),
  percentage INTEGER NOT NULL CHECK (percentage BETWEEN 1 AND 10),
  status TEXT,
  size INTEGER,
  message TEXT,
  checked_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX lookalikes_by_list ON lookalikes(list_id, id);

-- Every audience write (lookalikes, sharing): when, what, how many requests and retries, how it ended.
CREATE TABLE audience_actions (
  id INTEGER PRIMARY KEY,
  list_id INTEGER REFERENCES lists(id) ON DELETE SET NULL,
  ad_account_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('lookalike.create', 'lookalike.rename', 'lookalike.remove', 'share', 'revoke')),
  object_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
  requests INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  error_code TEXT,
  error_message TEXT
);
CREATE INDEX audience_actions_by_list ON audience_actions(list_id, id);
`,
};
