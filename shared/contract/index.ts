import type { z } from 'zod';
import { appEvents, appRequests } from './app.js';
import { authRequests } from './auth.js';
import { fileRequests } from './files.js';
import { listRequests } from './lists.js';
import { importRequests } from './import.js';
import { syncRequests } from './sync.js';
import { audienceRequests } from './audiences.js';
import { dbRequests } from './db.js';
import { automationEvents, automationRequests } from './automation.js';
import type { EventTable, RequestTable, Result } from './define.js';

/**
 * The one table of channels. A channel is declared once, in its domain file, and merged here;
 * the Electron preload, the IPC registration, browser mode and the renderer's client all derive
 * from this object.
 */
export const requests = {
  ...appRequests,
  ...fileRequests,
  ...authRequests,
  ...listRequests,
  ...importRequests,
  ...syncRequests,
  ...audienceRequests,
  ...dbRequests,
  ...automationRequests,
} as const satisfies RequestTable;

export const events = {
  ...appEvents,
  ...automationEvents,
} as const satisfies EventTable;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;

export type InputOf<K extends RequestName> = z.input<Requests[K]['input']>;
export type ParsedInputOf<K extends RequestName> = z.output<Requests[K]['input']>;
export type OutputOf<K extends RequestName> = z.output<Requests[K]['output']>;
export type PayloadOf<K extends EventName> = z.output<Events[K]['payload']>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

/** What a transport must provide: one raw call and one event subscription. */
export interface Transport {
  invoke(channel: RequestName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
}

/** The typed API the renderer (and tests) use, derived from the table. */
export type PinlistApi = {
  [K in RequestName]: (input: InputOf<K>) => Promise<OutputOf<K>>;
};

export type { Result } from './define.js';
export * from './app.js';
export * from './files.js';
export * from './auth.js';
export * from './lists.js';
export * from './import.js';
export * from './sync.js';
export * from './audiences.js';
export * from './db.js';
export * from './automation.js';
