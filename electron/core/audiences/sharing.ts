import type { Sharing } from '../../../shared/contract/audiences.js';
import { PinlistError } from '../../../shared/errors.js';
import { PinterestApiError } from '../pinterest/errors.js';
import { requireList } from '../store/index.js';
import { listTargets } from '../sync/index.js';
import { readClient, recordedWrite, type AudienceEnv } from './actions.js';
import { lookalikesOf } from './lookalikes.js';

/**
 * Sharing a list's audiences (and its lookalikes) with other ad accounts. Pinterest gives the
 * sharing endpoints to some apps only: a refusal says what to ask for, and nothing else stops.
 */

export function sharingRefusedMessage(detail: string): string {
  return (
    `Pinterest does not let this app share audiences (${detail}). Audience sharing is a restricted Ads API feature that Pinterest turns on per app: ` +
    'ask Pinterest (your partner manager, or developer support at developers.pinterest.com) to enable "audience sharing between ad accounts" for your app ID, ' +
    'and make sure both ad accounts are in the same Business Hierarchy. Everything else (syncs, health, reach, lookalikes) keeps working.'
  );
}

function isSharingRefusal(error: unknown): error is PinterestApiError {
  return error instanceof PinterestApiError && error.status === 403;
}

function detailOf(error: PinterestApiError): string {
  return `${error.status ?? ''}${error.pinterestCode !== null ? `, code ${error.pinterestCode}` : ''}`;
}

interface SharedAudience {
  audienceId: string;
  name: string;
  source: Sharing['audiences'][number]['source'];
}

function audiencesOf(env: AudienceEnv, listId: number, adAccountId: string): SharedAudience[] {
  const { db } = env.core;
  const own = listTargets(db, listId, adAccountId)
    .filter((t) => t.audienceId !== null)
    .map((t) => ({ audienceId: t.audienceId!, name: t.customerListName, source: t.kind }));
  const grown = lookalikesOf(db, listId)
    .filter((l) => l.adAccountId === adAccountId && l.state === 'created' && l.audienceId !== null)
    .map((l) => ({ audienceId: l.audienceId!, name: l.name, source: 'lookalike' as const }));
  return [...own, ...grown];
}

/** Who has access to each of the list's audiences; `available: false` when Pinterest refuses sharing to this app. */
export async function sharingOf(env: AudienceEnv, listId: number, adAccountId: string): Promise<Sharing> {
  requireList(env.core.db, listId);
  const audiences = audiencesOf(env, listId, adAccountId);
  const client = readClient(env);
  const out: Sharing['audiences'] = [];
  for (const audience of audiences) {
    try {
      const accounts = await client.listSharedAccounts(adAccountId, audience.audienceId);
      out.push({
        ...audience,
        accounts: accounts.map((a) => ({
          accountId: a.account_id,
          name: a.account_name ?? null,
          sharedAt: typeof a.shared_on_timestamp === 'number' ? new Date(a.shared_on_timestamp * 1000).toISOString() : null,
        })),
      });
    } catch (error) {
      if (isSharingRefusal(error)) return { available: false, message: sharingRefusedMessage(detailOf(error)), audiences: audiences.map((a) => ({ ...a, accounts: [] })) };
      throw error;
    }
  }
  return { available: true, message: null, audiences: out };
}

/** SHARE (or REVOKE) every audience of the list with the accounts, one audience at a time. */
export async function shareAudiences(env: AudienceEnv, input: { listId: number; adAccountId: string; accountIds: string[]; revoke?: boolean | undefined }): Promise<Sharing> {
  const list = requireList(env.core.db, input.listId);
  const audiences = audiencesOf(env, list.id, input.adAccountId);
  if (audiences.length === 0) {
    throw new PinlistError('INVALID_INPUT', `"${list.name}" has no Pinterest audience in ad account ${input.adAccountId} to share yet. Sync it first.`);
  }
  const operation = input.revoke ? 'REVOKE' : 'SHARE';
  for (const audience of audiences) {
    try {
      await recordedWrite(env, { listId: list.id, adAccountId: input.adAccountId, action: input.revoke ? 'revoke' : 'share', objectId: audience.audienceId }, (client) =>
        client.updateAudienceSharing(input.adAccountId, audience.audienceId, input.accountIds, operation),
      );
    } catch (error) {
      if (isSharingRefusal(error)) throw new PinlistError('PINTEREST_FORBIDDEN', sharingRefusedMessage(detailOf(error)));
      if (error instanceof PinterestApiError && error.status === 400) {
        throw new PinlistError(
          'INVALID_INPUT',
          `Pinterest refused to ${input.revoke ? 'revoke access for' : 'share with'} ${input.accountIds.join(', ')}: ${error.message} ` +
            'Share only with ad accounts in the same Pinterest Business Hierarchy (see `pinlist accounts`).',
        );
      }
      throw error;
    }
  }
  return sharingOf(env, list.id, input.adAccountId);
}
