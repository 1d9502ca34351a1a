import { spawn } from 'node:child_process';

/** Best effort: asks the OS to open a web address; silently does nothing where there is no opener. */
export function tryOpenInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the address is printed for the user to open.
  }
}
