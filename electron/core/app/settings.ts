import Conf from 'conf';
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

/** The CLI and browser mode read and write the same `config.json` that electron-store uses in the app. */
export function openSettingsFile(dataDir: string): KeyValueFile {
  return new Conf<Record<string, unknown>>({
    cwd: dataDir,
    configName: SETTINGS_FILE_NAME,
    projectName: 'pinlist',
    clearInvalidConfig: false,
  });
}
