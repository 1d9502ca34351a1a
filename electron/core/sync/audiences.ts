import { isPinlistError } from '../../../shared/errors.js';
import { PinterestApiError } from '../pinterest/errors.js';
import type { Audience } from '../pinterest/types.js';
import { PINTEREST_MIN_AUDIENCE } from './guardrails.js';
import type { SyncSession } from './session.js';
import { getTargetById, setAudience, type TargetRow } from './targets.js';

/**
 * The CUSTOMER_LIST audience on top of each customer list. Pinterest refuses it until the list
 * has 100 matched users: that is a pending state, tried again on every sync, never a failure.
 */

/** Errors that stop the sync rather than leave the audience pending. */
const STOPPING = new Set(['AUTH_EXPIRED', 'AUTH_FAILED', 'NOT_CONNECTED', 'KEYCHAIN_UNAVAILABLE', 'PINTEREST_FORBIDDEN', 'CANCELLED']);

async function findAudienceFor(session: SyncSession, target: TargetRow): Promise<Audience | undefined> {
  session.countRequest(null, false);
  const audiences = await session.client.listAudiences(target.adAccountId);
  return audiences.find((audience) => audience.rule?.customer_list_id === target.customerListId);
}

function pending(session: SyncSession, target: TargetRow, why: string, lookup = false): void {
  setAudience(session.db, target.id, 'pending', null, why, lookup);
  session.warnings.push(`The ${target.kind} audience is pending: ${why} Pinlist tries again on the next sync.`);
}

/** Makes sure the target has its audience, or records why it is pending. `members`: what the list holds now. */
export async function ensureAudience(session: SyncSession, target: TargetRow, members: number): Promise<TargetRow> {
  const { db } = session;
  if (!target.customerListId || target.audienceState === 'created') return target;
  session.throwIfCancelled();
  if (target.audienceLookup) {
    const found = await findAudienceFor(session, target);
    if (found) {
      setAudience(db, target.id, 'created', found.id, null);
      session.audienceStatus.set(target.kind, found.status ?? null);
      return getTargetById(db, target.id)!;
    }
  }
  if (members < PINTEREST_MIN_AUDIENCE) {
    pending(session, target, `the customer list has ${members} members and Pinterest needs at least ${PINTEREST_MIN_AUDIENCE} matched users.`);
    return getTargetById(db, target.id)!;
  }
  session.countRequest(target.kind, true);
  try {
    const audience = await session.client.createAudience(target.adAccountId, {
      name: target.customerListName,
      customer_list_id: target.customerListId,
      description: 'Kept in sync by Pinlist.',
    });
    setAudience(db, target.id, 'created', audience.id, null);
    session.audienceStatus.set(target.kind, audience.status ?? null);
  } catch (error) {
    if (isPinlistError(error) && STOPPING.has(error.code)) throw error;
    if (error instanceof PinterestApiError && error.ambiguous) {
      const found = await findAudienceFor(session, target);
      if (found) {
        setAudience(db, target.id, 'created', found.id, null);
        session.audienceStatus.set(target.kind, found.status ?? null);
      } else {
        pending(session, target, `creating it got no answer (${error.message})`, true);
      }
    } else {
      const said = error instanceof PinterestApiError ? error.message : (error as Error).message;
      pending(session, target, `Pinterest did not create it yet (${said}).`);
    }
  }
  session.answered();
  return getTargetById(db, target.id)!;
}
