import { createClient, type PinlistClient } from '../../../shared/contract/client.js';
import { detectTransport, type RendererTransport } from './transport.js';

/** The one client the UI uses, whichever surface it runs in. */
export const transport: RendererTransport = detectTransport();
export const client: PinlistClient = createClient(transport);
