import fs from 'node:fs';
import path from 'node:path';
import { PinlistError } from '../../shared/errors.js';
import { redactSecrets } from '../../shared/redact.js';
import { openDatabase, schemaVersion, type Db } from './db/open.js';
import { EventBus } from './jobs/events.js';
import { sweepOldExports } from './export/files.js';
import { JobRegistry } from './jobs/jobs.js';
import { DATABASE_FILE } from './paths.js';
import { backupDatabase, backupDatabaseNow, dailyBackupDue, listBackups, quickCheck, restoreBackup, type RestoreResult } from './db/backups.js';
import { databaseDamaged, dataDirReadOnly, storageError, type StoragePlace } from './db/storage-errors.js';
import { sweepLeftovers } from './files/leftovers.js';
import { openSettingsFile, SettingsStore, type KeyValueFile } from './app/settings.js';
import { StagedFiles } from './files/staged-files.js';

export type Surface = 'electron' | 'browser' | 'cli';

export interface CoreOptions {
  dataDir: string;
  surface: Surface;
  /** The app passes its electron-store here; the CLI and browser mode read the same file (app/settings.ts). */
  settingsFile?: KeyValueFile;
  env?: NodeJS.ProcessEnv;
}

/**
 * A per-core service a domain opens on first use (the Pinterest connection, …): its state lives in
 * the core, not in a module, and `Core.close()` closes it.
 */
export interface CoreService<T> {
  readonly name: string;
  open(core: Core): T;
  close?(value: T): void | Promise<void>;
}

/** Everything the handlers need, opened once per process over one data folder. */
export class Core {
  readonly events = new EventBus();
  readonly jobs = new JobRegistry(this.events, (error) => this.storageFailure(error));
  readonly settings: SettingsStore;
  readonly databasePath: string;
  readonly stagedFiles: StagedFiles;
  private database: Db | undefined;
  /**
   * Why the database could not be opened (damaged, read-only folder, full disk). The core still
   * opens, so `info`, `serve`, `db check` and `db restore` can say what is wrong and mend it;
   * everything that needs the database throws this.
   */
  private databaseProblem: PinlistError | undefined;
  private backupInProgress: Promise<unknown> | undefined;
  private readonly services = new Map<CoreService<unknown>, unknown>();

  constructor(readonly options: CoreOptions) {
    try {
      fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new PinlistError(
        'DATA_DIR_UNAVAILABLE',
        `Cannot create the data folder ${options.dataDir}: ${(error as Error).message}. Choose a writable folder with --data-dir or PINLIST_DATA_DIR.`,
      );
    }
    // Plaintext a killed import left in tmp/, uploads a killed `serve` left in uploads/.
    sweepLeftovers(options.dataDir);
    // Exports are hand-overs (to a download or a save dialog); ones left from earlier runs go.
    sweepOldExports(options.dataDir);
    this.databasePath = path.join(options.dataDir, DATABASE_FILE);
    this.openDatabase();
    this.settings = new SettingsStore(options.settingsFile ?? openSettingsFile(options.dataDir));
    this.stagedFiles = new StagedFiles(path.join(options.dataDir, 'uploads'));
  }

  /** The open database; throws DATABASE_DAMAGED / DATA_DIR_READ_ONLY / DISK_FULL when it could not be opened. */
  get db(): Db {
    if (!this.database) throw this.databaseProblem ?? new PinlistError('INTERNAL', 'The database is closed. Start Pinlist again.');
    return this.database;
  }

  /** Why the database is unusable, or undefined when it is open. */
  get databaseError(): PinlistError | undefined {
    return this.databaseProblem;
  }

  private openDatabase(): void {
    const { dataDir } = this.options;
    this.database = undefined;
    this.databaseProblem = undefined;
    try {
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch (error) {
      this.databaseProblem = dataDirReadOnly(dataDir, (error as NodeJS.ErrnoException).code);
      return;
    }
    let existed = false;
    try {
      const size = fs.statSync(this.databasePath).size;
      existed = true;
      // SQLite would take an emptied file for a new database and start over without a word.
      if (size === 0 && listBackups(dataDir).length > 0) {
        this.databaseProblem = databaseDamaged(this.databasePath, 'the file is empty');
        return;
      }
    } catch {
      // no database yet: a new one is made
    }
    try {
      this.database = openDatabase(this.databasePath, {
        // The schema is about to change: keep the database as it was, so a failed or unwanted upgrade costs nothing.
        beforeMigration: (db, from, to) => backupDatabaseNow(db, dataDir, `before-schema-${to}-from-${from}`),
      });
    } catch (error) {
      if (error instanceof PinlistError && ['DATABASE_DAMAGED', 'DATA_DIR_READ_ONLY', 'DISK_FULL'].includes(error.code)) {
        this.databaseProblem = error;
        return;
      }
      throw error;
    }
    if (existed && dailyBackupDue(dataDir)) {
      // Asynchronous, a few pages per step: the first start of the day does not wait for it, but
      // close() does, so a short CLI command still leaves a whole backup (or none).
      this.backupInProgress = backupDatabase(this.database, dataDir).catch(() => undefined);
    }
  }

  /**
   * The error a person should see for a storage failure met while working on this data folder
   * (full disk, damaged database, read-only folder), or null when `error` is not one. On a
   * corruption error the database is checked (PRAGMA quick_check) so the message says what is
   * damaged.
   */
  storageFailure(error: unknown, place: Partial<StoragePlace> = {}): PinlistError | null {
    const mapped = storageError(error, { path: this.dataDir, databasePath: this.databasePath, ...place });
    if (mapped?.code === 'DATABASE_DAMAGED' && this.database?.open) {
      const check = quickCheck(this.database);
      const detail = check.ok ? (error as Error).message : check.problems.slice(0, 3).join('; ');
      return databaseDamaged(this.databasePath, detail);
    }
    return mapped;
  }

  /** Replaces the database with a backup (the newest, or the one named) and opens it. */
  async restoreDatabase(backup?: string): Promise<RestoreResult> {
    await this.backupInProgress;
    if (this.jobs.list().some((job) => job.state === 'running')) {
      throw new PinlistError('CONFLICT', 'An import or sync is running. Wait for it to end (or cancel it), then restore.');
    }
    if (this.database?.open) this.database.close();
    this.database = undefined;
    try {
      return restoreBackup(this.databasePath, this.dataDir, backup);
    } finally {
      this.openDatabase();
    }
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

  /** The core's one instance of a service, opened on first use. */
  service<T>(service: CoreService<T>): T {
    if (!this.services.has(service as CoreService<unknown>)) this.services.set(service as CoreService<unknown>, service.open(this));
    return this.services.get(service as CoreService<unknown>) as T;
  }

  /** Closes everything the core opened: jobs first, then its services (newest first), then the database. */
  async close(): Promise<void> {
    await this.jobs.drain();
    await this.backupInProgress;
    for (const [service, value] of [...this.services].reverse()) {
      try {
        await service.close?.(value);
      } catch (error) {
        console.error(`pinlist: closing ${service.name} failed:`, redactSecrets((error as Error)?.message ?? String(error)));
      }
    }
    this.services.clear();
    this.stagedFiles.releaseAll();
    if (this.database?.open) this.database.close();
  }
}
