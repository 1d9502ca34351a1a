import fs from 'node:fs';
import path from 'node:path';
import { PinlistError } from '../../../shared/errors.js';
import { defaultSettings, settingsSchema, type Settings, type SettingsPatch } from '../../../shared/settings.js';
import { SETTINGS_FILE_NAME } from '../paths.js';

/** The subset of Conf / electron-store the core needs. electron-store is built on Conf. */
export interface KeyValueFile {
  readonly store: Record<string, unknown>;
  set(object: Record<string, unknown>): void;
  readonly path: string;
}

export class SettingsStore {
  constructor(private readonly file: KeyValueFile) {}

  get path(): string {
    return this.file.path;
  }

  /** Reads the file and fills in defaults; a hand-edited bad value falls back to its default. */
  get(): Settings {
    const stored = this.file.store;
    const merged: Record<string, unknown> = { ...defaultSettings };
    for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
      const candidate = settingsSchema.shape[key].safeParse(stored[key]);
      if (stored[key] !== undefined && candidate.success) merged[key] = candidate.data;
    }
    return settingsSchema.parse(merged);
  }

  update(patch: SettingsPatch): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    this.file.set(next as Record<string, unknown>);
    return next;
  }
}

/**
 * The CLI and browser mode read and write the same `config.json` that electron-store uses in the
 * app, in its format (tab-indented JSON), read afresh on every access as Conf does. Not Conf
 * itself: loading it (and ajv) cost the CLI's start-up more than everything else a command needs.
 */
export function openSettingsFile(dataDir: string): KeyValueFile {
  return new JsonSettingsFile(path.join(dataDir, `${SETTINGS_FILE_NAME}.json`));
}

class JsonSettingsFile implements KeyValueFile {
  constructor(readonly path: string) {}

  get store(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch (error) {
      throw new PinlistError('DATA_DIR_UNAVAILABLE', `The settings file ${this.path} is not valid JSON (${(error as Error).message}). Fix it, or delete it to go back to the default settings.`);
    }
  }

  set(object: Record<string, unknown>): void {
    const next = { ...this.store, ...object };
    fs.mkdirSync(path.dirname(this.path), { recursive: true });
    // Written aside and renamed over, so a reader (the app, another command) never sees half a file.
    const temp = `${this.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(next, undefined, '\t')}\n`, { mode: 0o600 });
    fs.renameSync(temp, this.path);
  }
}
