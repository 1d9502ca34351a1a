import { createRequire } from 'node:module';
import type * as keyringModule from '@napi-rs/keyring';
import { PinlistError } from '../../../shared/errors.js';
import { redactSecrets } from '../../../shared/redact.js';

type KeyringModule = typeof keyringModule;
let keyring: KeyringModule | undefined;

/** The native module is loaded on first use: most commands never touch the keychain, and loading it costs start-up. */
function loadKeyring(): KeyringModule {
  keyring ??= createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
  return keyring;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'Pinlist';

/** One keychain account per secret. The token expiry travels with its token as JSON. */
export const SECRET_ACCOUNTS = {
  appSecret: 'pinterest-app-secret',
  accessToken: 'pinterest-access-token',
  refreshToken: 'pinterest-refresh-token',
} as const;

export type SecretName = keyof typeof SECRET_ACCOUNTS;

/** Where secrets live. The only implementation is the OS keychain; the interface keeps callers honest. */
export interface SecretStore {
  get(name: SecretName): string | null;
  set(name: SecretName, value: string): void;
  /** True when something was removed. */
  delete(name: SecretName): boolean;
  /** Throws KEYCHAIN_UNAVAILABLE when secrets cannot be stored here; call before asking for one. */
  assertAvailable(): void;
  readonly service: string;
}

/** `PINLIST_KEYCHAIN_SERVICE` lets tests (and a second profile) keep their own namespace. */
export function keychainServiceName(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.PINLIST_KEYCHAIN_SERVICE?.trim();
  return chosen ? chosen : DEFAULT_KEYCHAIN_SERVICE;
}

function howToFix(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return (
      'On Linux that is the Secret Service (GNOME Keyring or KWallet): install and unlock one ' +
      '(for example `sudo apt install gnome-keyring`, then log in to a desktop session, or run it under ' +
      '`dbus-run-session` with `gnome-keyring-daemon --unlock`), or skip storing by setting PINTEREST_ACCESS_TOKEN in the environment.'
    );
  }
  if (platform === 'darwin') return 'Unlock your login keychain in Keychain Access, or set PINTEREST_ACCESS_TOKEN in the environment instead.';
  if (platform === 'win32') return 'Check that Windows Credential Manager is running for your user, or set PINTEREST_ACCESS_TOKEN in the environment instead.';
  return 'Set PINTEREST_ACCESS_TOKEN in the environment instead.';
}

export function keychainUnavailable(platform: NodeJS.Platform, cause: unknown): PinlistError {
  const reason = redactSecrets((cause as Error)?.message ?? String(cause));
  return new PinlistError(
    'KEYCHAIN_UNAVAILABLE',
    `The system keychain cannot be used (${reason}). Pinlist keeps Pinterest secrets nowhere else, so nothing was stored or read. ${howToFix(platform)}`,
  );
}

export interface KeychainOptions {
  service?: string;
  platform?: NodeJS.Platform;
}

/**
 * The OS keychain through @napi-rs/keyring: macOS Keychain, Windows Credential Manager, and on
 * Linux the Secret Service only. Linux is pinned to the Secret Service because the library's
 * fallback (the kernel keyring) forgets everything at reboot and would pass for a store.
 */
export class Keychain implements SecretStore {
  readonly service: string;
  private readonly platform: NodeJS.Platform;

  constructor(options: KeychainOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
    this.platform = options.platform ?? process.platform;
  }

  get(name: SecretName): string | null {
    return this.guard(() => this.entry(name).getPassword() ?? null);
  }

  set(name: SecretName, value: string): void {
    if (value === '') throw new PinlistError('INTERNAL', `Refused to store an empty ${name}.`);
    this.guard(() => this.entry(name).setPassword(value));
  }

  delete(name: SecretName): boolean {
    return this.guard(() => this.entry(name).deleteCredential());
  }

  assertAvailable(): void {
    // A read reaches the store (and fails) without writing anything.
    this.get('accessToken');
  }

  private entry(name: SecretName): InstanceType<KeyringModule['Entry']> {
    const options = this.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
    return new (loadKeyring().Entry)(this.service, SECRET_ACCOUNTS[name], options);
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw keychainUnavailable(this.platform, error);
    }
  }
}
