import * as z from 'zod';
import { findRequest } from '../../shared/contract/domains.js';
import type { Result } from '../../shared/contract/index.js';
import { toErrorPayload } from '../../shared/error-payload.js';
import { isPinlistError } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';
import type { HandlerContext, HandlerTable } from './handler-types.js';

/** Payloads above this are refused before parsing: no channel needs more, and big ones are an attack. */
export const MAX_PAYLOAD_BYTES = 1_000_000;

/**
 * The single entry point for every surface: validates the channel and its input, runs the
 * handler, and turns every outcome into a Result. Nothing throws past this function. The
 * channel's schemas come from its domain's part of the contract, loaded on first use, so a
 * command that calls one domain never builds the others' (decision 0013).
 */
export async function dispatch(
  table: HandlerTable,
  channel: unknown,
  input: unknown,
  context: HandlerContext,
): Promise<Result<unknown>> {
  let contract: Awaited<ReturnType<typeof findRequest>>;
  try {
    contract = await findRequest(channel);
  } catch (error) {
    return { ok: false, error: toErrorPayload(error, { what: `Loading the contract of ${String(channel).slice(0, 80)} failed` }) };
  }
  if (!contract) {
    return failure('UNKNOWN_CHANNEL', `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
  }
  const parsed = contract.input.safeParse(input);
  if (!parsed.success) {
    return failure('INVALID_INPUT', `The request to ${channel} is not valid: ${z.prettifyError(parsed.error)}`);
  }
  try {
    const handler = table[channel as keyof HandlerTable] as (input: unknown, context: HandlerContext) => unknown;
    const value = await handler(parsed.data, context);
    if (checksOutputs()) {
      const checked = contract.output.safeParse(value);
      if (!checked.success) {
        // A handler that drifted from the contract fails here, in development and the tests, instead of in a surface.
        console.error(`pinlist: ${channel} answered outside its contract:`, z.prettifyError(checked.error));
        return failure('INTERNAL', `${channel} answered outside its contract: ${z.prettifyError(checked.error)}. This is a bug in Pinlist; report it.`);
      }
    }
    return { ok: true, value };
  } catch (error) {
    // A full disk, a damaged database or a read-only folder, met anywhere behind this channel.
    const storage = context.core.storageFailure(error);
    if (storage) return { ok: false, error: storage.toPayload() };
    // One line to the log; on the command line the log is the person's terminal, so the stack only
    // with PINLIST_DEBUG=1 (for whoever reports the bug).
    if (!isPinlistError(error)) {
      const detail = process.env.PINLIST_DEBUG ? ((error as Error)?.stack ?? String(error)) : ((error as Error)?.message ?? String(error));
      console.error(`pinlist: ${channel} failed: ${redactSecrets(String(detail))}`);
    }
    return { ok: false, error: toErrorPayload(error, { what: `Something went wrong in ${channel}` }) };
  }
}

/**
 * Outputs are parsed against their schemas except in production (the build sets NODE_ENV): a
 * handler that drifts from the contract fails a test instead of a user. Read per call, so a test
 * can turn it off and on.
 */
function checksOutputs(): boolean {
  return process.env.NODE_ENV !== 'production';
}

function failure(code: 'UNKNOWN_CHANNEL' | 'INVALID_INPUT' | 'INTERNAL', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
