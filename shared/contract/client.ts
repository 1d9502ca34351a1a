import { unwrap } from '../error-payload.js';
import type { EventName, InputOf, OutputOf, PayloadOf, RequestName, Transport } from './index.js';

export interface PinlistClient {
  /** Calls a channel; resolves with its output or rejects with a PinlistError (code + message). */
  call<K extends RequestName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>>;
  /** Listens to one event; returns the function that stops listening. */
  on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): () => void;
}

/** One client over any transport: the UI never knows whether it runs in Electron or a browser. */
export function createClient(transport: Transport): PinlistClient {
  return {
    async call(channel, input) {
      return unwrap(await transport.invoke(channel, input)) as never;
    },
    on(name, listener) {
      return transport.subscribe((eventName, payload) => {
        if (eventName === name) listener(payload as never);
      });
    },
  };
}
