import type { Core, CoreService } from '../core.js';
import { connectionFor, type ConnectionStatus } from '../auth/connection.js';
import type { SyncEnvironment } from '../sync/engine.js';
import type { LockOwner } from '../sync/lock.js';
import { WebhookSender, type WebhookOptions } from './webhook.js';

/** What the state of the Pinterest connection means for unattended syncs. */
export interface ConnectionHealth {
  /** unknown: a token from PINTEREST_ACCESS_TOKEN, whose expiry Pinlist does not know. */
  state: 'ok' | 'expiring' | 'expired' | 'none' | 'unknown';
  /** When it stops working without a new sign-in (null: unknown). */
  expiresAt: string | null;
}

/** Everything an automated run needs besides the core; tests inject a clock, a client and a webhook. */
export interface AutomationContext {
  core: Core;
  /** The clock of schedules, run times and alert ages. */
  now: () => number;
  /** How the sync reaches Pinterest (tests: the fake server with fast retries). */
  sync?: Pick<SyncEnvironment, 'makeClient' | 'clientOptions'>;
  webhook: WebhookSender;
  connectionHealth: () => Promise<ConnectionHealth>;
  owner?: LockOwner;
}

export const EXPIRY_WARNING_MS = 7 * 86_400_000;

/** Reads the stored sign-in: a token that cannot be renewed stops working at its own expiry, a renewable one at its refresh token's. */
export function healthFromStatus(status: ConnectionStatus, now: number): ConnectionHealth {
  if (status.source === null) return { state: 'none', expiresAt: null };
  if (status.source === 'env') return { state: 'unknown', expiresAt: null };
  const end = status.canRefresh ? status.refreshTokenExpiresAt : status.expiresAt;
  if (!status.connected) return { state: 'expired', expiresAt: end };
  if (end === null) return { state: 'ok', expiresAt: null };
  const left = Date.parse(end) - now;
  if (left <= 0) return { state: 'expired', expiresAt: end };
  return { state: left <= EXPIRY_WARNING_MS ? 'expiring' : 'ok', expiresAt: end };
}

/**
 * The core's automation context lives in the core (one webhook queue per core). Closing the core
 * gives alerts still being delivered a few seconds: a short `run-due` should not drop its last alert.
 */
const automationContext: CoreService<{ current: AutomationContext | null }> = {
  name: 'the automation context',
  open: () => ({ current: null }),
  close: async (holder) => {
    await holder.current?.webhook.flush(CLOSE_FLUSH_MS);
  },
};
const CLOSE_FLUSH_MS = 5_000;

/** The core's automation context; `overrides` replace parts of it for this core. */
export function automationContextFor(core: Core, overrides: Partial<Omit<AutomationContext, 'core'>> & { webhookOptions?: WebhookOptions } = {}): AutomationContext {
  const holder = core.service(automationContext);
  const existing = holder.current ?? undefined;
  if (existing && Object.keys(overrides).length === 0) return existing;
  const { webhookOptions, ...rest } = overrides;
  const context: AutomationContext = {
    core,
    now: Date.now,
    webhook: new WebhookSender(() => core.settings.get().alertWebhookUrl, webhookOptions ?? { onError: (message) => console.error(`pinlist: ${message}`) }),
    connectionHealth: async () => {
      try {
        return healthFromStatus(await connectionFor(core).status(), context.now());
      } catch {
        return { state: 'none', expiresAt: null };
      }
    },
    ...existing,
    ...rest,
  };
  if (webhookOptions) context.webhook = new WebhookSender(() => core.settings.get().alertWebhookUrl, webhookOptions);
  holder.current = context;
  return context;
}
