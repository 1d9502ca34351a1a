import type { ParsedInputOf, OutputOf, RequestName } from '../../shared/contract/index.js';
import type { Core } from '../core/core.js';

export interface HandlerContext {
  readonly core: Core;
}

export type Handler<K extends RequestName> = (input: ParsedInputOf<K>, context: HandlerContext) => Promise<OutputOf<K>> | OutputOf<K>;

/** One handler per channel; the compiler refuses a table that misses one. */
export type HandlerTable = { [K in RequestName]: Handler<K> };
