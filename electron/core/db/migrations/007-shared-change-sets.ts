import type { Migration } from '../migrations.js';

/**
 * An import's change set may be the very set of members it wrote (a first import adds everyone)
 * or the one it replaced (a replace that empties a kind removes everyone): it is stored once and
 * held by both rows, instead of a second copy that doubled a first import's size on disk.
 *
 * So a set is deleted only once nothing holds it: the list's members, or any import's change row.
 * Migration 6's trigger deleted an import's change sets unconditionally; this one leaves a set
 * that is still held (the store's releaseHashSet() applies the same rule to member sets).
 */
export const sharedChangeSetsSchema: Migration = {
  version: 7,
  name: 'change sets shared with member sets',
  sql: `
DROP TRIGGER import_changes_drop_sets;

CREATE INDEX import_changes_by_added_set ON import_changes(added_set_id) WHERE added_set_id IS NOT NULL;
CREATE INDEX import_changes_by_removed_set ON import_changes(removed_set_id) WHERE removed_set_id IS NOT NULL;

CREATE TRIGGER import_changes_release_sets AFTER DELETE ON import_changes BEGIN
  DELETE FROM hash_sets
   WHERE id IN (OLD.added_set_id, OLD.removed_set_id)
     AND NOT EXISTS (SELECT 1 FROM list_members WHERE set_id = hash_sets.id)
     AND NOT EXISTS (SELECT 1 FROM import_changes WHERE added_set_id = hash_sets.id OR removed_set_id = hash_sets.id);
END;
`,
};
