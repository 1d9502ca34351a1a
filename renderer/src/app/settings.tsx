import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { InputOf } from '../../../shared/contract/index.js';
import { defaultSettings, type Settings } from '../../../shared/settings.js';
import { useClient } from './services.js';
import { applyTheme } from './theme.js';

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  error: unknown;
  /** Saves the given settings; resolves with all of them, rejects with the core's error. */
  save(patch: InputOf<'settings.update'>): Promise<Settings>;
}

const SettingsContext = createContext<SettingsState | null>(null);

/** The preferences, loaded once; the theme is applied to <html> whenever it changes. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [settings, setSettings] = useState<Settings>(defaultSettings);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    client.call('settings.get', {}).then(
      (value) => {
        if (!live) return;
        setSettings(value);
        setLoaded(true);
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    applyTheme(settings.theme);
  }, [settings.theme]);

  const save = useCallback(
    async (patch: InputOf<'settings.update'>) => {
      const next = await client.call('settings.update', patch);
      setSettings(next);
      return next;
    },
    [client],
  );

  const value = useMemo(() => ({ settings, loaded, error, save }), [settings, loaded, error, save]);
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings() needs a <SettingsProvider> above it.');
  return state;
}
