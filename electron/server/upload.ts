import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Result, StagedFileInfo } from '../../shared/contract/index.js';
import { toErrorPayload } from '../../shared/error-payload.js';
import { PinlistError } from '../../shared/errors.js';
import type { Core } from '../core/core.js';

function failure(error: unknown): Result<StagedFileInfo> {
  return { ok: false, error: toErrorPayload(error, { code: 'FILE_NOT_FOUND', what: 'The upload was interrupted', advice: 'Choose the file again.' }) };
}

/** A non-negative integer query parameter, or undefined when absent; anything else is refused. */
function byteCount(url: URL, name: string): number | undefined {
  const text = url.searchParams.get(name);
  if (text === null) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new PinlistError('INVALID_INPUT', `"${name}" must be a number of bytes.`);
  return Number(text);
}

/**
 * Browser mode cannot hand the core a path: the chosen file is streamed into the data folder.
 * With `size`, the body is only the file's head (the rest follows through `handleUploadRest`), so
 * the preview can start before a large file has fully arrived.
 */
export async function handleUpload(core: Core, url: URL, request: IncomingMessage): Promise<Result<StagedFileInfo>> {
  const name = (url.searchParams.get('name') ?? 'upload').replace(/[/\\]/g, '_').slice(0, 255);
  let totalSize: number | undefined;
  try {
    totalSize = byteCount(url, 'size');
  } catch (error) {
    request.resume();
    return failure(error);
  }
  const target = core.stagedFiles.newUploadPath();
  try {
    await pipeline(request, fs.createWriteStream(target, { mode: 0o600 }));
    const staged = totalSize === undefined ? core.stagedFiles.registerPath(target, true, name) : core.stagedFiles.registerPartialUpload(target, name, totalSize);
    return { ok: true, value: { fileId: staged.fileId, name: staged.name, size: staged.size } };
  } catch (error) {
    fs.rmSync(target, { force: true });
    const storage = core.storageFailure(error, { path: path.dirname(target), what: 'The upload', neededBytes: totalSize, outcome: 'Nothing was changed; the partial copy was removed.' });
    return failure(storage ?? error);
  }
}

/** The rest of a file staged head first: `fileId` and `offset` (the head's length). */
export async function handleUploadRest(core: Core, url: URL, request: IncomingMessage): Promise<Result<StagedFileInfo>> {
  try {
    const fileId = url.searchParams.get('fileId') ?? '';
    const offset = byteCount(url, 'offset');
    if (offset === undefined) throw new PinlistError('INVALID_INPUT', 'Say where the upload goes on ("offset").');
    const staged = await core.stagedFiles.appendUpload(fileId, offset, request);
    return { ok: true, value: { fileId: staged.fileId, name: staged.name, size: staged.size } };
  } catch (error) {
    request.resume();
    return failure(error);
  }
}
