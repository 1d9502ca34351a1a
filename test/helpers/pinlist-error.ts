import { isPinlistError, type PinlistError } from '../../shared/errors.js';

/**
 * The PinlistError a piece of work fails with, for assertions on its code and message. Any other
 * error is rethrown as it was, and success fails the test.
 */
export async function pinlistErrorFrom(work: Promise<unknown>): Promise<PinlistError> {
  try {
    await work;
  } catch (error) {
    if (isPinlistError(error)) return error;
    throw error;
  }
  throw new Error('expected a PinlistError, but it succeeded');
}

/** The same for synchronous work. */
export function pinlistErrorThrownBy(work: () => unknown): PinlistError {
  try {
    work();
  } catch (error) {
    if (isPinlistError(error)) return error;
    throw error;
  }
  throw new Error('expected a PinlistError, but it succeeded');
}
