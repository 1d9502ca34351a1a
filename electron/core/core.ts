import fs from 'node:fs';
import path from 'node:path';
import { PinlistError } from '../../shared/errors.js';
import { openDatabase, schemaVersion, type Db } from './db/open.js';
import { EventBus } from './jobs/events.js';
import { sweepOldExports } from './export/files.js';
import { JobRegistry } from './jobs/jobs.js';
import { DATABASE_FILE } from './paths.js';
import { openSettingsFile, SettingsStore, type KeyValueFile } from './app/settings.js';
import { StagedFiles } from './files/staged-files.js';

export type Surface = 'electron' | 'browser' | 'cli';

export interface CoreOptions {
  dataDir: string;
  surface: Surface;
  /** The app passes its electron-store here; the CLI and browser mode read the same file with Conf. */
  settingsFile?: KeyValueFile;
  env?: NodeJS.ProcessEnv;
}

/** Everything the handlers need, opened once per process over one data folder. */
export class Core {
  readonly events = new EventBus();
  readonly jobs = new JobRegistry(this.events);
  readonly settings: SettingsStore;
  readonly db: Db;
  readonly databasePath: string;
  readonly stagedFiles: StagedFiles;

  constructor(readonly options: CoreOptions) {
    try {
      fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new PinlistError(
        'DATA_DIR_UNAVAILABLE',
        `Cannot create the data folder ${options.dataDir}: ${(error as Error).message}. Choose a writable folder with --data-dir or PINLIST_DATA_DIR.`,
      );
    }
    // Exports are hand-overs (to a download or a save dialog); ones left from earlier runs go.
    sweepOldExports(options.dataDir);
    this.databasePath = path.join(options.dataDir, DATABASE_FILE);
    this.db = openDatabase(this.databasePath);
    this.settings = new SettingsStore(options.settingsFile ?? openSettingsFile(options.dataDir));
    this.stagedFiles = new StagedFiles(path.join(options.dataDir, 'uploads'));
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  get surface(): Surface {
    return this.options.surface;
  }

  get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  async close(): Promise<void> {
    await this.jobs.drain();
    this.stagedFiles.releaseAll();
    if (this.db.open) this.db.close();
  }
}
