import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A port that was free a moment ago, for a loopback redirect URI. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function makeTempDir(prefix = 'pinlist-auth-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under a folder, recursively. */
export function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** What a browser does with the authorize page: follow Pinterest's redirect to the loopback listener. */
export async function followAuthorizeRedirect(authorizeUrl: string): Promise<{ status: number; page: string; location: string }> {
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  if (!location) throw new Error(`The authorize page answered ${authorize.status} without a redirect: ${await authorize.text()}`);
  const back = await fetch(location);
  return { status: back.status, page: await back.text(), location };
}
