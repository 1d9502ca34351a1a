import type { Migration } from '../migrations.js';

/**
 * Why a person is (or is not) in a list, and what goes to Pinterest (issue 9, items 3, 10, 14, 15):
 *
 * - `import_changes`: per import and kind, the hashes it added and removed, as immutable hash sets
 *   (the same sorted 32-byte chunks as members). A lookup probes each import's two sets by index,
 *   so "added by import N, removed by import M" costs two point reads per import. An import that
 *   changed nothing of a kind has NULL sets. Imports made before this migration have no row: the
 *   lookup says its history is incomplete.
 * - `suppressed_counts`: a cache of |members ∩ suppression| per pair of set ids. Sets are
 *   immutable (any change writes a new set), so a cached pair can never be stale, and deleting
 *   either set removes its rows.
 * - `list_preferences`: the ad account last chosen for a list.
 * - rejects keep one extra column of the file (e.g. a customer ID), named on the import; imports
 *   record how many of their removed members were on the suppression list.
 */
export const memberHistorySchema: Migration = {
  version: 6,
  name: 'import changes, suppressed-count cache, list preferences, rejects extra column',
  sql: `
CREATE TABLE import_changes (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'gaid', 'idfa')),
  added_set_id INTEGER REFERENCES hash_sets(id),
  removed_set_id INTEGER REFERENCES hash_sets(id),
  PRIMARY KEY (import_id, kind)
) WITHOUT ROWID;

-- The change sets belong to their import alone (deleting a list cascades here).
CREATE TRIGGER import_changes_drop_sets AFTER DELETE ON import_changes BEGIN
  DELETE FROM hash_sets WHERE id IN (OLD.added_set_id, OLD.removed_set_id);
END;

CREATE TABLE suppressed_counts (
  member_set_id INTEGER NOT NULL REFERENCES hash_sets(id) ON DELETE CASCADE,
  suppression_set_id INTEGER NOT NULL REFERENCES hash_sets(id) ON DELETE CASCADE,
  suppressed INTEGER NOT NULL CHECK (suppressed >= 0),
  PRIMARY KEY (member_set_id, suppression_set_id)
) WITHOUT ROWID;
CREATE INDEX suppressed_counts_by_suppression ON suppressed_counts(suppression_set_id);

CREATE TABLE list_preferences (
  list_id INTEGER PRIMARY KEY REFERENCES lists(id) ON DELETE CASCADE,
  ad_account_id TEXT,
  updated_at TEXT NOT NULL
);

ALTER TABLE imports ADD COLUMN removed_suppressed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN reject_extra_column TEXT;
ALTER TABLE rejects ADD COLUMN extra_value TEXT;
`,
};
