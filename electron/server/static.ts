import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Serves the built renderer. Unknown paths get index.html (the app routes itself). */
export function serveStatic(root: string, urlPath: string, response: ServerResponse, headers: Record<string, string>): void {
  const decoded = safeDecode(urlPath);
  const resolved = decoded ? path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`) : null;
  const inside = resolved !== null && (resolved === root || resolved.startsWith(root + path.sep));
  let file = inside && resolved && isFile(resolved) ? resolved : path.join(root, 'index.html');
  if (!isFile(file)) {
    response.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The Pinlist interface is not built. Run `npm run build` in the project folder, then start `pinlist serve` again.\n');
    return;
  }
  file = path.normalize(file);
  response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
