import type { Migration } from '../migrations.js';

/**
 * Member sets an import after a plan will most likely use, written while the user reads the plan
 * (store/prepared-sets.ts): they belong to nothing yet, so each is listed here with the process
 * that wrote it. The import adopts them (the row goes) or they are deleted: when the plan is
 * dropped, by the commit that could not use them, or by a later sweep once their process has
 * died or they are too old for any plan to still want them.
 */
export const preparedSetsSchema: Migration = {
  version: 8,
  name: 'member sets prepared ahead of an import',
  sql: `
CREATE TABLE prepared_sets (
  set_id INTEGER PRIMARY KEY REFERENCES hash_sets(id) ON DELETE CASCADE,
  owner_pid INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
`,
};
