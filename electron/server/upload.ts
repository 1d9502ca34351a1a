import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Result } from '../../shared/contract/index.js';
import type { Core } from '../core/core.js';

/** Browser mode cannot hand the core a path: the chosen file is streamed into the data folder. */
export async function handleUpload(core: Core, url: URL, request: IncomingMessage): Promise<Result<unknown>> {
  const name = (url.searchParams.get('name') ?? 'upload').replace(/[/\\]/g, '_').slice(0, 255);
  const target = core.stagedFiles.newUploadPath();
  try {
    await pipeline(request, fs.createWriteStream(target, { mode: 0o600 }));
  } catch (error) {
    fs.rmSync(target, { force: true });
    return { ok: false, error: { code: 'FILE_NOT_FOUND', message: `The upload was interrupted (${(error as Error).message}). Choose the file again.` } };
  }
  const staged = core.stagedFiles.registerPath(target, true, name);
  return { ok: true, value: { fileId: staged.fileId, name: staged.name, size: staged.size } };
}
