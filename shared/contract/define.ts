import type { z } from 'zod';
import type { ErrorPayload } from '../errors.js';

/** A request/response channel: the input is validated on the core side, the output is typed. */
export interface RequestChannel<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

/** A core-to-UI event, broadcast to every window (or browser-mode page). */
export interface EventChannel<P extends z.ZodType = z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
  readonly summary: string;
}

export function request<I extends z.ZodType, O extends z.ZodType>(
  summary: string,
  input: I,
  output: O,
): RequestChannel<I, O> {
  return { kind: 'request', input, output, summary };
}

export function event<P extends z.ZodType>(summary: string, payload: P): EventChannel<P> {
  return { kind: 'event', payload, summary };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export type RequestTable = Record<string, RequestChannel>;
export type EventTable = Record<string, EventChannel>;
