import { isRequestName, type EventName } from '../../shared/contract/index.js';
import type { Result } from '../../shared/contract/define.js';
import type { Core } from '../core/core.js';
import { dispatch, MAX_PAYLOAD_BYTES } from '../core/dispatch.js';
import type { DesktopCapabilities, HandlerTable } from '../core/handler-types.js';

export const INVOKE_CHANNEL = 'pinlist:invoke';
export const EVENT_CHANNEL = 'pinlist:event';

/** The parts of Electron's IpcMainInvokeEvent that the sender check reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcRegistration {
  core: Core;
  handlers: HandlerTable;
  desktop: DesktopCapabilities;
  /** The app's own windows' webContents ids. */
  trustedWebContentsIds(): Set<number>;
  /** The origin the app's pages are served from, e.g. `app://pinlist`. */
  appOrigin: string;
  /** Sends an event to every window. */
  broadcast(channel: string, payload: { name: EventName; payload: unknown }): void;
}

/**
 * Registers the one IPC entry point. Every message is checked: it must come from the top frame
 * of one of the app's own windows, showing the app's own origin, with a known channel, a
 * payload of sane size, and input that passes the channel's schema.
 */
export function registerIpc(ipcMain: IpcMainLike, registration: IpcRegistration): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, channel, input): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, registration)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This request did not come from a Pinlist window and was refused.' } };
    }
    if (!isRequestName(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel named ${String(channel).slice(0, 80)}.` } };
    }
    if (payloadSize(input) > MAX_PAYLOAD_BYTES) {
      return { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: `The request is larger than ${MAX_PAYLOAD_BYTES} bytes.` } };
    }
    return dispatch(registration.handlers, channel, input, { core: registration.core, desktop: registration.desktop });
  });
  const unsubscribe = registration.core.events.subscribe((name, payload) => registration.broadcast(EVENT_CHANNEL, { name, payload }));
  return () => {
    unsubscribe();
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}

export function isTrustedSender(event: InvokeEventLike, registration: Pick<IpcRegistration, 'trustedWebContentsIds' | 'appOrigin'>): boolean {
  if (!registration.trustedWebContentsIds().has(event.sender.id)) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // only the top frame, never an embedded one
  return originOf(frame.url) === registration.appOrigin;
}

/** `URL.origin` is "null" for custom schemes such as app://, so build it by hand. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

function payloadSize(input: unknown): number {
  try {
    return JSON.stringify(input ?? null).length;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or otherwise unserialisable: refuse
  }
}
