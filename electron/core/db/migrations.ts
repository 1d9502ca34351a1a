/**
 * Numbered schema migrations. Append only: a released migration is never edited, a change is a
 * new number. `PRAGMA user_version` holds the number of the last one applied.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

import { baseSchema } from './migrations/001-base.js';
import { connectionSchema } from './migrations/002-connection.js';
import { syncSchema } from './migrations/003-sync.js';
import { automationSchema } from './migrations/004-automation.js';
import { audienceReadingsSchema } from './migrations/005-audience-readings.js';
import { memberHistorySchema } from './migrations/006-member-history.js';
import { sharedChangeSetsSchema } from './migrations/007-shared-change-sets.js';
import { preparedSetsSchema } from './migrations/008-prepared-sets.js';

export const migrations: readonly Migration[] = [baseSchema, connectionSchema, syncSchema, automationSchema, audienceReadingsSchema, memberHistorySchema, sharedChangeSetsSchema, preparedSetsSchema];
