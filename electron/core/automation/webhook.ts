import { redactSecrets } from '../../../shared/redact.js';

/**
 * The alert webhook (setting `alertWebhookUrl`): one POST of JSON per alert, with a human `text`
 * (Slack, Teams and Google Chat incoming webhooks show it as is) and structured fields. Sent in
 * the background and retried with backoff: a slow or broken webhook never holds up a run.
 */

export interface WebhookPayload {
  text: string;
  list: string | null;
  kind: string;
  outcome: string;
  counts: { imported: number | null; added: number | null; removed: number | null } | null;
  at: string;
}

export interface WebhookOptions {
  /** Attempts per alert, the first included. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Where failures are reported (never thrown at a run). */
  onError?: (message: string) => void;
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/** Identifiers never leave in an alert: emails, ad IDs (UUIDs), hashes, tokens are masked wherever they came from. */
export function scrubIdentifiers(text: string): string {
  return redactSecrets(text)
    .replace(/[^\s@"'<>(),;:/\\]+@[^\s@"'<>(),;:/\\]+\.[a-z]{2,}/gi, '[email]')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '[ad ID]')
    .replace(/\b[0-9a-f]{64}\b/gi, '[hash]');
}

export class WebhookSender {
  private readonly pending = new Set<Promise<void>>();
  /** Deliveries that got a 2xx, for status displays and tests. */
  delivered = 0;
  failed = 0;

  constructor(
    private readonly url: () => string,
    private readonly options: WebhookOptions = {},
  ) {}

  /** Queues one POST (nothing when no URL is set); returns at once. */
  send(payload: WebhookPayload): void {
    const url = this.url();
    if (!url) return;
    const body = JSON.stringify({ ...payload, text: scrubIdentifiers(payload.text), list: payload.list === null ? null : scrubIdentifiers(payload.list) });
    const delivery = this.deliver(url, body).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Waits for the deliveries in flight (a CLI waits before it exits), at most `timeoutMs`. */
  async flush(timeoutMs = 30_000): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.pending]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  private async deliver(url: string, body: string): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const base = this.options.backoffBaseMs ?? 1000;
    const max = this.options.backoffMaxMs ?? 60_000;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
    let last = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          redirect: 'error',
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.delivered += 1;
          return;
        }
        last = `answered ${response.status}`;
        if (!RETRYABLE(response.status)) break;
      } catch (error) {
        last = (error as Error).message;
      }
      if (attempt < maxAttempts) await sleep(Math.min(max, base * 2 ** (attempt - 1)));
    }
    this.failed += 1;
    this.options.onError?.(`The alert webhook could not be reached (${last}); check the alertWebhookUrl setting.`);
  }
}
