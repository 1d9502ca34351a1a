import type { ParsedInputOf, OutputOf, RequestName } from '../../shared/contract/index.js';
import type { Core } from './core.js';

/** What only the desktop app can do (OS dialogs, the file manager). Absent in browser mode and the CLI. */
export interface DesktopCapabilities {
  pickFile(): Promise<string | null>;
  /** Opens a folder in the file manager. */
  showInFolder(filePath: string): void;
  /** The OS save dialog, suggesting `defaultName` for a CSV: the chosen absolute path, or null when cancelled. */
  saveFileAs(defaultName: string): Promise<string | null>;
  /** Shows one file, selected, in its folder in the file manager. */
  showItemInFolder(filePath: string): void;
  openExternal(url: string): Promise<void>;
}

export interface HandlerContext {
  readonly core: Core;
  readonly desktop?: DesktopCapabilities;
}

export type Handler<K extends RequestName> = (input: ParsedInputOf<K>, context: HandlerContext) => Promise<OutputOf<K>> | OutputOf<K>;

/** One handler per channel; the compiler refuses a table that misses one. */
export type HandlerTable = { [K in RequestName]: Handler<K> };

/** A domain's slice of the table, checked against the contract. */
export type HandlerSlice<K extends RequestName> = { [P in K]: Handler<P> };
