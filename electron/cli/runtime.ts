import type { EventName, InputOf, JobProgress, JobSummary, OutputOf, PayloadOf, RequestName } from '../../shared/contract/index.js';
import { unwrap } from '../../shared/error-payload.js';
import { PinlistError } from '../../shared/errors.js';
import type { Core, Surface } from '../core/core.js';
import type { dispatch } from '../core/dispatch.js';
import type { HandlerTable } from '../core/handler-types.js';
import { resolveDataDir } from '../core/paths.js';

export interface GlobalOptions {
  dataDir?: string;
  /** The environment the command runs in (tests pass their own; default process.env). */
  env?: NodeJS.ProcessEnv;
}

interface CoreModules {
  Core: typeof Core;
  dispatch: typeof dispatch;
}

/**
 * The core, the dispatch and the channel table are loaded on first use, so `--version`, `--help`
 * and a command's usage errors never pay for them (nor for SQLite, zod's schemas, the keychain).
 */
let coreModules: Promise<CoreModules> | undefined;
function loadCoreModules(): Promise<CoreModules> {
  coreModules ??= Promise.all([import('../core/core.js'), import('../core/dispatch.js')]).then(([core, dispatch]) => ({ Core: core.Core, dispatch: dispatch.dispatch }));
  return coreModules;
}

/**
 * The channels whose domain's handlers load alone, without the whole table (sync, automation,
 * audiences…): the commands scripts call in loops (`lists`, `show`, `settings`, `import`). Any
 * other channel, or one its domain does not hold, uses the whole table.
 */
const LIGHT_DOMAINS: Record<string, () => Promise<Partial<HandlerTable>>> = {
  lists: () => import('../core/lists/handlers.js').then((module) => module.listHandlers),
  settings: () => import('../core/lists/handlers.js').then((module) => module.listHandlers),
  // `pinlist import` (files.stagePath, import.start, files.release): not the sync or automation code.
  import: () => import('../core/import/handlers.js').then((module) => module.importHandlers),
  files: () => import('../core/files/handlers.js').then((module) => module.fileHandlers),
};

let wholeTable: Promise<HandlerTable> | undefined;
function loadWholeTable(): Promise<HandlerTable> {
  wholeTable ??= import('../core/handlers.js').then((module) => module.handlers);
  return wholeTable;
}

async function tableFor(channel: RequestName): Promise<HandlerTable> {
  const slice = await LIGHT_DOMAINS[channel.split('.')[0]!]?.();
  return slice && Object.hasOwn(slice, channel) ? (slice as HandlerTable) : loadWholeTable();
}

/**
 * What a CLI command works with: the same core and the same channel table as the app, so a
 * command is validated and behaves exactly as the button that does the same thing. Commands use
 * `call` (and `on` for the contract's events); nothing reaches into the core behind the contract.
 */
export class CliRuntime {
  private modules: CoreModules | undefined;
  private opened: Core | undefined;

  constructor(private readonly options: GlobalOptions) {}

  get dataDir(): string {
    return resolveDataDir(this.options.dataDir, this.env);
  }

  get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  /** Loads the core's modules; the program does it before any command's action runs. */
  async load(): Promise<void> {
    this.modules ??= await loadCoreModules();
  }

  private loaded(): CoreModules {
    if (!this.modules) throw new Error('CliRuntime.load() must finish before the core is used.');
    return this.modules;
  }

  /**
   * Opens the core on first use; `serve` opens it as the browser surface (and hands it to the
   * browser server). Commands other than serve go through `call`.
   */
  core(surface: Surface = 'cli'): Core {
    this.opened ??= new (this.loaded().Core)({ dataDir: this.dataDir, surface, env: this.options.env });
    return this.opened;
  }

  /** The whole channel table, for `serve`'s browser server. */
  handlerTable(): Promise<HandlerTable> {
    return loadWholeTable();
  }

  async call<K extends RequestName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
    await this.load();
    const result = await this.loaded().dispatch(await tableFor(channel), channel, input, { core: this.core() });
    return unwrap(result) as OutputOf<K>;
  }

  /** Listens to one of the contract's events; returns the function that stops listening. */
  on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): () => void {
    return this.core().events.subscribe((eventName, payload) => {
      if (eventName === name) listener(payload as PayloadOf<K>);
    });
  }

  /**
   * Waits for a job to end, through the contract: its `job.finished` event (or `jobs.list` when it
   * already ended). `onProgress` sees its progress events; Ctrl-C asks `jobs.cancel`.
   */
  async waitForJob(jobId: string, onProgress?: (progress: JobProgress) => void): Promise<JobSummary> {
    let finish!: (summary: JobSummary) => void;
    const finished = new Promise<JobSummary>((resolve) => (finish = resolve));
    const stopFinished = this.on('job.finished', (summary) => {
      if (summary.jobId === jobId) finish(summary);
    });
    const stopProgress = onProgress
      ? this.on('job.progress', (progress) => {
          if (progress.jobId === jobId) onProgress(progress);
        })
      : () => undefined;
    // Ctrl-C stops the job; what it had committed (or Pinterest had confirmed) is kept.
    const cancel = (): void => void this.call('jobs.cancel', { jobId }).catch(() => undefined);
    process.once('SIGINT', cancel);
    try {
      const known = (await this.call('jobs.list', {})).find((job) => job.jobId === jobId);
      if (!known) throw new PinlistError('NOT_FOUND', `No job ${jobId}. It may have finished long ago; see the list's history.`);
      if (known.state !== 'running') return known;
      return await finished;
    } finally {
      process.off('SIGINT', cancel);
      stopFinished();
      stopProgress();
    }
  }

  async close(): Promise<void> {
    await this.opened?.close();
    this.opened = undefined;
  }
}
