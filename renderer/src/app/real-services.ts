import { unwrap } from '../../../shared/error-payload.js';
import { client, transport } from '../api/client.js';
import type { Services } from './services.js';

/** The services of the running app: the real client and transport. */
export function realServices(): Services {
  return {
    client,
    surface: transport.surface,
    async stageFile(file) {
      return unwrap(await transport.stageFile(file));
    },
  };
}
