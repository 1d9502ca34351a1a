/**
 * Time to the first 200 preview rows in browser mode, for a large file:
 *
 *   npm run bench:preview                  1 GB CSV (generated once into bench/.data)
 *   npm run bench:preview -- --mb 200      a smaller file
 *
 * Runs the built `pinlist serve` (run `npm run build` first) and talks to it as the page does:
 * head first (the first 8 MB, then the preview, while the rest streams behind it) and, for
 * comparison, the whole file uploaded before the preview. Prints the figures; asserts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { writeBigCsv } from '../test/fixtures/generate.js';
import { repoRoot, startPinlistServe } from '../test/e2e/serve.js';
import { UPLOAD_HEAD_BYTES } from '../renderer/src/api/transport.js';

const { values: args } = parseArgs({ options: { mb: { type: 'string', default: '1024' } } });
const targetBytes = Number(args.mb) * 1024 * 1024;
const dataDir = path.join(import.meta.dirname, '.data');
fs.mkdirSync(dataDir, { recursive: true });

if (!fs.existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
  console.error('Run `npm run build` first: this benchmark measures the built `pinlist serve`.');
  process.exit(1);
}

// About 62 bytes a row: enough rows for the size asked.
const rows = Math.ceil(targetBytes / 62);
const file = path.join(dataDir, `preview-${args.mb}mb.csv`);
if (!fs.existsSync(file)) {
  console.log(`Writing ${rows.toLocaleString('en-US')} rows to ${file}…`);
  await writeBigCsv(dataDir, path.basename(file), rows);
}
const size = fs.statSync(file).size;
const served = await startPinlistServe();

try {
  const key = await fetch(served.url, { redirect: 'manual' });
  const cookie = (key.headers.get('set-cookie') ?? '').split(';')[0]!;
  const post = async (route: string, body: BodyInit | Readable, type = 'application/octet-stream') => {
    const response = await fetch(`${served.origin}${route}`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': type },
      body: body as BodyInit,
      ...(body instanceof Readable ? { duplex: 'half' } : {}),
    } as RequestInit);
    const result = (await response.json()) as { ok: boolean; value?: { fileId?: string; rows?: unknown[] }; error?: { message: string } };
    if (!result.ok) throw new Error(result.error?.message ?? 'failed');
    return result.value!;
  };
  const preview = (fileId: string) => post('/api/call/import.preview', JSON.stringify({ fileId }), 'application/json');
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(3);
  const name = encodeURIComponent(path.basename(file));

  console.log(`\nFile: ${(size / 1e9).toFixed(2)} GB, ${rows.toLocaleString('en-US')} rows`);

  let start = performance.now();
  const head = await post(`/api/upload?name=${name}&size=${size}`, Readable.from(fs.createReadStream(file, { end: UPLOAD_HEAD_BYTES - 1 })));
  const shown = await preview(head.fileId!);
  console.log(`Head first: preview of ${shown.rows!.length} rows after ${seconds(start)} s`);
  await post(`/api/upload/rest?fileId=${head.fileId}&offset=${UPLOAD_HEAD_BYTES}`, Readable.from(fs.createReadStream(file, { start: UPLOAD_HEAD_BYTES })));
  console.log(`            the rest had arrived after ${seconds(start)} s`);
  await post('/api/call/files.release', JSON.stringify({ fileId: head.fileId }), 'application/json');

  start = performance.now();
  const whole = await post(`/api/upload?name=${name}`, Readable.from(fs.createReadStream(file)));
  const uploaded = seconds(start);
  const late = await preview(whole.fileId!);
  console.log(`Whole file first (before): preview of ${late.rows!.length} rows after ${seconds(start)} s (upload ${uploaded} s)`);
  await post('/api/call/files.release', JSON.stringify({ fileId: whole.fileId }), 'application/json');
} finally {
  await served.stop();
}
