import type { Migration } from '../migrations.js';

/**
 * Automation (issue 10): where a list's data comes from, when it refreshes and syncs itself, the
 * record of every run, the alerts it raised, and a cross-process lock per list so that a run from
 * the app and one from `pinlist run-due` never overlap (nor an automated and a manual import).
 */
export const automationSchema: Migration = {
  version: 4,
  name: 'list sources, automations, automation runs, alerts, run locks',
  sql: `
-- Where a list's members come from: one file, or the newest file in a folder matching a pattern.
CREATE TABLE list_sources (
  list_id INTEGER PRIMARY KEY REFERENCES lists(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('file', 'folder')),
  -- The file (kind 'file') or the folder (kind 'folder').
  path TEXT NOT NULL,
  -- A glob on file names (kind 'folder'), e.g. contacts_*.csv.
  pattern TEXT,
  overrides_json TEXT NOT NULL DEFAULT '[]',
  sheet TEXT,
  encoding TEXT,
  mode TEXT NOT NULL DEFAULT 'replace' CHECK (mode IN ('replace', 'add', 'remove')),
  -- What the watcher / run-due saw last (name, size, mtime), to tell a changed source cheaply.
  seen_fingerprint TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- When a list refreshes itself, and what it does then.
CREATE TABLE automations (
  list_id INTEGER PRIMARY KEY REFERENCES lists(id) ON DELETE CASCADE,
  schedule_kind TEXT NOT NULL CHECK (schedule_kind IN ('every', 'daily', 'weekly', 'on-change')),
  every_hours INTEGER CHECK (every_hours IS NULL OR every_hours BETWEEN 1 AND 8760),
  -- 'HH:MM', local time (daily, weekly).
  at_time TEXT,
  -- 0 = Sunday … 6 = Saturday (weekly).
  weekday INTEGER CHECK (weekday IS NULL OR weekday BETWEEN 0 AND 6),
  action TEXT NOT NULL DEFAULT 'refresh-sync' CHECK (action IN ('refresh', 'refresh-sync')),
  ad_account_id TEXT,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- Slots up to this time are done (or were missed and collapsed into one run). Starts at the time the schedule was set.
  handled_until TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE automation_runs (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'source-change', 'manual')),
  state TEXT NOT NULL CHECK (state IN ('running', 'ok', 'unchanged', 'failed', 'held', 'skipped', 'interrupted')),
  started_at TEXT NOT NULL,
  ended_at TEXT,
  duration_ms INTEGER,
  file_name TEXT,
  file_sha256 TEXT,
  import_json TEXT,
  sync_added INTEGER,
  sync_removed INTEGER,
  sync_run_id INTEGER,
  error_code TEXT,
  message TEXT,
  owner_pid INTEGER NOT NULL,
  owner_host TEXT NOT NULL
);
CREATE INDEX automation_runs_by_list ON automation_runs(list_id, id);

-- One open alert per list and kind; a recovered run closes it.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  list_id INTEGER REFERENCES lists(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  message TEXT NOT NULL,
  run_id INTEGER,
  opened_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE UNIQUE INDEX alerts_one_open ON alerts(IFNULL(list_id, 0), kind) WHERE state = 'open';

-- Cross-process locks ('automation:<listId>', 'import:<list name>'): a row whose process is gone
-- (same computer) or whose heartbeat is stale is taken over.
CREATE TABLE run_locks (
  scope TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  owner_pid INTEGER NOT NULL,
  owner_host TEXT NOT NULL,
  purpose TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL
);
`,
};
