import type { Migration } from '../migrations.js';

/**
 * Lists, their members as sorted hash sets, imports and rejects.
 * See docs/decisions/0003-member-storage.md for why members are sorted 32-byte chunks.
 */
export const baseSchema: Migration = {
  version: 1,
  name: 'base schema: lists, hash sets, imports, rejects',
  sql: `
CREATE TABLE lists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL DEFAULT 'audience' CHECK (role IN ('audience', 'suppression')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Names are unique among audiences only, so a user may name a list "Suppression".
CREATE UNIQUE INDEX lists_by_name ON lists(name) WHERE role = 'audience';
CREATE UNIQUE INDEX lists_one_suppression ON lists(role) WHERE role = 'suppression';

-- An immutable, sorted, duplicate-free set of SHA-256 hashes of one identifier kind.
CREATE TABLE hash_sets (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'gaid', 'idfa')),
  size INTEGER NOT NULL CHECK (size >= 0),
  created_at TEXT NOT NULL
);

-- The set's hashes in ascending order, cut into chunks of up to CHUNK_HASHES × 32 bytes.
CREATE TABLE hash_set_chunks (
  set_id INTEGER NOT NULL REFERENCES hash_sets(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  first_hash BLOB NOT NULL CHECK (length(first_hash) = 32),
  size INTEGER NOT NULL CHECK (size > 0),
  data BLOB NOT NULL CHECK (length(data) = size * 32),
  PRIMARY KEY (set_id, seq)
);
CREATE INDEX hash_set_chunks_by_first ON hash_set_chunks(set_id, first_hash);

-- The current members of a list: one hash set per kind.
CREATE TABLE list_members (
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'gaid', 'idfa')),
  set_id INTEGER NOT NULL REFERENCES hash_sets(id),
  PRIMARY KEY (list_id, kind)
) WITHOUT ROWID;

-- Plaintext of valid members: only written when the user turns "keep plaintext" on.
CREATE TABLE member_plaintext (
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  hash BLOB NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (list_id, kind, hash)
) WITHOUT ROWID;

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  file_sha256 TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('replace', 'add', 'remove')),
  mapping_json TEXT NOT NULL,
  format_json TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  valid INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  duplicates INTEGER NOT NULL,
  suppressed INTEGER NOT NULL,
  added INTEGER NOT NULL,
  removed INTEGER NOT NULL,
  reject_reasons_json TEXT NOT NULL,
  members_after_json TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX imports_by_list ON imports(list_id, id);

-- Rejected rows keep their raw value: the user needs it to fix the source file. Purgeable.
CREATE TABLE rejects (
  import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  row_number INTEGER NOT NULL,
  column_name TEXT NOT NULL,
  reason TEXT NOT NULL,
  raw_value TEXT NOT NULL
);
CREATE INDEX rejects_by_import ON rejects(import_id, row_number);
`,
};
