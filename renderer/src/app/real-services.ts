import { PinlistError, type ErrorCode } from '../../../shared/errors.js';
import { client, transport } from '../api/client.js';
import type { Services } from './services.js';

/** The services of the running app: the real client and transport. */
export function realServices(): Services {
  return {
    client,
    surface: transport.surface,
    async stageFile(file) {
      const result = await transport.stageFile(file);
      if (result.ok) return result.value;
      throw new PinlistError(result.error.code as ErrorCode, result.error.message);
    },
  };
}
