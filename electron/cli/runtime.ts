import type { InputOf, OutputOf, RequestName } from '../../shared/contract/index.js';
import { PinlistError, type ErrorCode } from '../../shared/errors.js';
import { Core, type Surface } from '../core/core.js';
import { resolveDataDir } from '../core/paths.js';
import { dispatch } from '../core/dispatch.js';
import { handlers } from '../core/handlers.js';

export interface GlobalOptions {
  dataDir?: string;
}

/**
 * What a CLI command works with: the same core and the same channel table as the app, so a
 * command is validated and behaves exactly as the button that does the same thing.
 */
export class CliRuntime {
  private opened: Core | undefined;

  constructor(private readonly options: GlobalOptions) {}

  get dataDir(): string {
    return resolveDataDir(this.options.dataDir);
  }

  /** Opens the core on first use; `serve` opens it as the browser surface. */
  core(surface: Surface = 'cli'): Core {
    this.opened ??= new Core({ dataDir: this.dataDir, surface });
    return this.opened;
  }

  async call<K extends RequestName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    const result = await dispatch(handlers, channel, input, { core: this.core() });
    if (!result.ok) throw new PinlistError(result.error.code as ErrorCode, result.error.message);
    return result.value as OutputOf<K>;
  }

  async close(): Promise<void> {
    await this.opened?.close();
    this.opened = undefined;
  }
}
