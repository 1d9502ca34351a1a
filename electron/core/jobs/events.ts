import type { EventName, PayloadOf } from '../../../shared/contract/index.js';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Core-to-surface events. Each surface (IPC, SSE, CLI) subscribes and forwards. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<K extends EventName>(name: K, payload: PayloadOf<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        // A broken subscriber (a closed window, a dropped SSE stream) must not stop the others.
        console.error(`pinlist: event listener failed for ${name}: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
