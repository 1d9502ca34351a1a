/**
 * A reachable OS keychain for tests. On Linux that is a Secret Service: the one already on the
 * session bus if it works, otherwise a private one started here (dbus-daemon + gnome-keyring-daemon
 * with its files in a temp folder), so the tests touch nothing of the user's.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Entry } from '@napi-rs/keyring';

const run = promisify(execFile);

export interface TestKeychain {
  /** Environment a child process needs to reach the same keychain. */
  env: Record<string, string>;
  /** A fresh service name: the tests' own namespace. */
  service(): string;
  stop(): Promise<void>;
}

function probe(): string | null {
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  try {
    const entry = new Entry(`PinlistTestProbe-${randomUUID()}`, 'probe', options);
    entry.setPassword('probe');
    entry.deleteCredential();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function keychain(env: Record<string, string>, stop: () => Promise<void>): TestKeychain {
  return { env, service: () => `PinlistTest-${randomUUID()}`, stop };
}

/**
 * A bounded poll, kept on purpose: the keyring daemon is another process that announces nothing
 * this process could wait on (it claims its D-Bus name; listening for that would take a D-Bus
 * client in the tests), so the probe is simply retried until it answers or the time is up.
 */
async function waitFor(check: () => string | null, timeoutMs: number): Promise<string | null> {
  const until = Date.now() + timeoutMs;
  let last = check();
  while (last !== null && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = check();
  }
  return last;
}

/**
 * Returns a keychain to test against, or null and why none could be reached. libdbus reads the
 * session bus address once per process, so the private bus is started before the first probe.
 */
export async function startTestKeychain(): Promise<{ keychain: TestKeychain | null; reason: string | null }> {
  const started = await reachKeychain();
  // CI sets this: there a missing keychain is a broken run, not a reason to skip the keychain tests.
  if (started.keychain === null && process.env.PINLIST_REQUIRE_KEYCHAIN === '1') {
    throw new Error(`PINLIST_REQUIRE_KEYCHAIN is set, but ${started.reason ?? 'no keychain could be reached'}`);
  }
  return started;
}

async function reachKeychain(): Promise<{ keychain: TestKeychain | null; reason: string | null }> {
  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) {
    const existing = probe();
    if (existing === null) return { keychain: keychain(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}, async () => undefined), reason: null };
    return { keychain: null, reason: `the system keychain is not usable: ${existing}` };
  }

  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlist-keyring-'));
  let dbusPid: number | null = null;
  let keyringDaemon: ChildProcess | null = null;
  const stop = async () => {
    keyringDaemon?.kill();
    if (dbusPid !== null) {
      try {
        process.kill(dbusPid);
      } catch {
        // already gone
      }
    }
    fs.rmSync(home, { recursive: true, force: true });
  };
  try {
    const { stdout } = await run('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1']);
    const [address, pid] = stdout.trim().split('\n');
    if (!address || !pid) throw new Error(`dbus-daemon printed ${JSON.stringify(stdout)}`);
    dbusPid = Number(pid);
    const env = {
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_DATA_HOME: path.join(home, 'data'),
      XDG_CACHE_HOME: path.join(home, 'cache'),
      XDG_RUNTIME_DIR: path.join(home, 'run'),
    };
    for (const dir of [env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.XDG_RUNTIME_DIR]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    keyringDaemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    keyringDaemon.on('error', () => undefined);
    keyringDaemon.stdin?.end('test-keyring-password');
    // This process keeps the address for good (see above); the bus lives until the tests end.
    process.env.DBUS_SESSION_BUS_ADDRESS = address;
    // A probe before --unlock has created the login keyring would trigger (and fail) a prompt.
    const loginKeyring = path.join(env.XDG_DATA_HOME, 'keyrings', 'login.keyring');
    const created = await waitFor(() => (fs.existsSync(loginKeyring) ? null : 'gnome-keyring-daemon created no login keyring'), 10_000);
    if (created !== null) throw new Error(created);
    const failure = await waitFor(probe, 10_000);
    if (failure !== null) throw new Error(failure);
    return { keychain: keychain({ DBUS_SESSION_BUS_ADDRESS: address }, stop), reason: null };
  } catch (error) {
    await stop();
    return { keychain: null, reason: `no Secret Service is on the session bus and a private one could not be started (${(error as Error).message})` };
  }
}
