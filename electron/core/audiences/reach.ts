import type { Reach } from '../../../shared/contract/audiences.js';
import { PinlistError } from '../../../shared/errors.js';
import { requireList } from '../store/index.js';
import { listTargets } from '../sync/index.js';
import { readClient, type AudienceEnv } from './actions.js';

/** Pinterest's own caveat, in one line. */
export const REACH_CAVEAT =
  "Pinterest's estimate of people you may reach per month, from past ad data; it does not guarantee results or allow for bid, budget, schedule or seasonality.";

/** Monthly reach of the list's audiences in one ad account, estimated together (`AUDIENCE_INCLUDE`). */
export async function estimateReach(env: AudienceEnv, listId: number, adAccountId: string): Promise<Reach> {
  const list = requireList(env.core.db, listId);
  const audiences = listTargets(env.core.db, list.id, adAccountId)
    .map((target) => target.audienceId)
    .filter((id): id is string => id !== null);
  if (audiences.length === 0) {
    throw new PinlistError(
      'INVALID_INPUT',
      `"${list.name}" has no Pinterest audience in ad account ${adAccountId} yet, so there is nothing to estimate. Sync it first; an audience needs 100 matched people.`,
    );
  }
  const sizing = await readClient(env).audienceSizing(adAccountId, audiences);
  return { lower: sizing.audience_size_lower_bound ?? null, upper: sizing.audience_size_upper_bound ?? null, audiences, caveat: REACH_CAVEAT };
}
