import type { HealthFlag } from '../../../shared/contract/audiences.js';
import { raiseAlert, resolveAlerts } from '../automation/alerts.js';
import { automationContextFor } from '../automation/context.js';
import type { Core } from '../core.js';

/**
 * Audience health flags reach the alerts (stored, notified once, sent to the webhook): a size
 * under or near the minimum as 'audience-small', a match-rate drop as 'match-rate-drop'. Only
 * flags from readings taken at or after `since` raise; such readings without a drop close the drop alert.
 */
export function alertHealthFlags(core: Core, list: { id: number; name: string }, flags: readonly HealthFlag[], since: string): void {
  try {
    const context = automationContextFor(core);
    const fresh = flags.filter((flag) => flag.at >= since);
    for (const flag of fresh) {
      raiseAlert(context, list.id, list.name, flag.type === 'match-rate-drop' ? 'match-rate-drop' : 'audience-small', flag.message, { outcome: 'ok' });
    }
    if (!fresh.some((flag) => flag.type === 'match-rate-drop')) resolveAlerts(context, list.id, list.name, ['match-rate-drop'], { outcome: 'ok' });
  } catch (error) {
    // An alert that cannot be stored or sent must not hide the health it is about.
    console.error('pinlist: could not raise the audience alert:', (error as Error).message);
  }
}
