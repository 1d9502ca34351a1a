import type { SyncGuardrail } from '../../../shared/contract/sync.js';
import type { IdentifierKind } from '../../../shared/identifiers.js';
import type { Settings } from '../../../shared/settings.js';
import { formatCount } from '../../../shared/format-count.js';

/** An audience under this many matched users stops serving (Pinterest's rule, not a setting). */
export const PINTEREST_MIN_AUDIENCE = 100;

export interface KindNumbers {
  kind: IdentifierKind;
  /** What Pinterest holds now, by the ledger. */
  confirmed: number;
  removes: number;
  /** What Pinterest will hold after the sync: the desired members. */
  after: number;
}

/**
 * The checks that make a sync ask first: removing more than `shrinkThresholdPercent` of what
 * Pinterest holds, or taking a list that was at or above `minimumListSize` below it.
 */
export function guardrailsFor(kinds: KindNumbers[], settings: Pick<Settings, 'shrinkThresholdPercent' | 'minimumListSize'>): SyncGuardrail[] {
  const tripped: SyncGuardrail[] = [];
  for (const { kind, confirmed, removes, after } of kinds) {
    if (removes === 0 || confirmed === 0) continue;
    const percent = Math.round((removes / confirmed) * 1000) / 10;
    if (percent > settings.shrinkThresholdPercent) {
      tripped.push({ kind, reason: 'shrink', confirmed, removes, after, percent, limit: settings.shrinkThresholdPercent });
    }
    if (after < settings.minimumListSize && confirmed >= settings.minimumListSize) {
      tripped.push({ kind, reason: 'below-minimum', confirmed, removes, after, percent, limit: settings.minimumListSize });
    }
  }
  return tripped;
}

export function describeGuardrail(g: SyncGuardrail): string {
  if (g.reason === 'shrink') {
    return `The ${g.kind} list would lose ${formatCount(g.removes)} of the ${formatCount(g.confirmed)} members Pinterest holds (${g.percent}%, more than the ${g.limit}% limit).`;
  }
  return `The ${g.kind} list would go from ${formatCount(g.confirmed)} to ${formatCount(g.after)} members, below the minimum of ${g.limit}; its audience may stop serving.`;
}

export function confirmationMessage(listName: string, guardrails: SyncGuardrail[]): string {
  return `Syncing "${listName}" needs your confirmation: ${guardrails.map(describeGuardrail).join(' ')} If that is intended, confirm the sync; otherwise check the last import first. Nothing was sent.`;
}
