// Run in a child process (its own D-Bus environment): tries to store a secret and prints what happened.
import { Keychain } from '../../../electron/core/auth/keychain.js';

const keychain = new Keychain({ service: process.argv[2] ?? 'PinlistTest-probe' });
try {
  keychain.set('accessToken', process.argv[3] ?? 'pina_probe');
  keychain.delete('accessToken');
  process.stdout.write(JSON.stringify({ stored: true }));
} catch (error) {
  const { code, message } = error as { code?: string; message: string };
  process.stdout.write(JSON.stringify({ stored: false, code, message }));
}
