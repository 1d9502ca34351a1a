import { z } from 'zod';
import { isRequestName, requests, type Result } from '../../shared/contract/index.js';
import { isPinlistError } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';
import type { HandlerContext, HandlerTable } from './handler-types.js';

/** Payloads above this are refused before parsing: no channel needs more, and big ones are an attack. */
export const MAX_PAYLOAD_BYTES = 1_000_000;

/**
 * The single entry point for every surface: validates the channel and its input, runs the
 * handler, and turns every outcome into a Result. Nothing throws past this function.
 */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  input: unknown,
  context: HandlerContext,
): Promise<Result<unknown>> {
  if (!isRequestName(channel)) {
    return failure('UNKNOWN_CHANNEL', `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
  }
  const parsed = requests[channel].input.safeParse(input);
  if (!parsed.success) {
    return failure('INVALID_INPUT', `The request to ${channel} is not valid: ${z.prettifyError(parsed.error)}`);
  }
  try {
    const handler = table[channel] as (input: unknown, context: HandlerContext) => unknown;
    const value = await handler(parsed.data, context);
    return { ok: true, value };
  } catch (error) {
    // A full disk, a damaged database or a read-only folder, met anywhere behind this channel.
    const storage = context.core.storageFailure(error);
    if (storage) return { ok: false, error: storage.toPayload() };
    if (isPinlistError(error)) return { ok: false, error: error.toPayload() };
    console.error(`pinlist: ${channel} failed:`, redactSecrets(String((error as Error)?.stack ?? error)));
    return failure('INTERNAL', `Something went wrong in ${channel}: ${redactSecrets((error as Error)?.message ?? String(error))}. Try again; if it keeps happening, report it.`);
  }
}

function failure(code: 'UNKNOWN_CHANNEL' | 'INVALID_INPUT' | 'INTERNAL', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
