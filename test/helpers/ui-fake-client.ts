import type { PinlistClient } from '../../shared/contract/client.js';
import type { EventName, InputOf, OutputOf, PayloadOf, RequestName } from '../../shared/contract/index.js';
import { PinlistError } from '../../shared/errors.js';

/**
 * A fake of the core for component tests: the one place a fake is right, since the core itself is
 * tested elsewhere. Handlers are typed by the contract, so a fake answer of the wrong shape does
 * not compile; every call is recorded; events are emitted by the test.
 */
export type FakeHandlers = { [K in RequestName]?: (input: InputOf<K>) => OutputOf<K> | Promise<OutputOf<K>> };

export interface RecordedCall {
  channel: RequestName;
  input: unknown;
}

export class FakeClient implements PinlistClient {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  constructor(public handlers: FakeHandlers) {}

  async call<K extends RequestName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    this.calls.push({ channel, input });
    const handler = this.handlers[channel] as ((input: InputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>) | undefined;
    if (!handler) throw new PinlistError('UNKNOWN_CHANNEL', `The fake has no handler for ${channel}.`);
    return handler(input);
  }

  on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(name, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends EventName>(name: K, payload: PayloadOf<K>): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as (payload: PayloadOf<K>) => void)(payload);
  }

  /** The inputs of every call to one channel, in order. */
  inputsOf<K extends RequestName>(channel: K): InputOf<K>[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.input as InputOf<K>);
  }
}
