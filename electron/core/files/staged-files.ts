import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PinlistError } from '../../../shared/errors.js';
import { storageError } from '../db/storage-errors.js';

export interface StagedFile {
  fileId: string;
  name: string;
  path: string;
  /** The whole file's size, also while an upload is still arriving. */
  size: number;
  /** Uploaded copies (browser mode) are deleted when released; the user's own files never are. */
  temporary: boolean;
}

/** How much of a file still being uploaded is on disk. */
export type ReceiveProgress = (receivedBytes: number, totalBytes: number) => void;

/** An upload whose head is on disk (enough to preview) while the rest is still arriving. */
interface PendingUpload {
  received: number;
  appending: boolean;
  complete: Promise<void>;
  settle(error?: PinlistError): void;
  readonly listeners: Set<ReceiveProgress>;
  readonly controller: AbortController;
  stallTimer: NodeJS.Timeout | undefined;
}

/** A head whose rest never starts arriving (the tab was closed in between) is given up after this. */
const REST_START_TIMEOUT_MS = 120_000;

function uploadInterrupted(reason: string): PinlistError {
  return new PinlistError('FILE_NOT_FOUND', `The upload of the file stopped (${reason}). Choose the file again.`);
}

/**
 * Files the UI has chosen, by opaque id. The renderer never sends a path to the import: in the
 * desktop app the path comes from the OS dialog or a drop, in browser mode from an upload.
 *
 * Browser mode stages a large file head first, so its preview does not wait for the whole upload:
 * the file is registered with its head on disk, and whatever needs every byte (plan, import) waits
 * with `whenComplete`.
 */
export class StagedFiles {
  private readonly files = new Map<string, StagedFile>();
  private readonly uploads = new Map<string, PendingUpload>();
  /** Uploads that stopped half way: their partial copy must never pass for the file. */
  private readonly broken = new Map<string, PinlistError>();

  constructor(private readonly uploadDir: string) {}

  registerPath(filePath: string, temporary = false, name = path.basename(filePath)): StagedFile {
    let size: number;
    try {
      const stat = fs.statSync(filePath);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      // An upload is named as the user chose it, never by its temporary name in the data folder.
      const shown = temporary ? `"${name}"` : filePath;
      throw new PinlistError('FILE_NOT_FOUND', `Cannot read ${shown}. Check that the file exists and that you may open it, then choose it again.`);
    }
    const staged: StagedFile = { fileId: randomUUID(), name, path: filePath, size, temporary };
    this.files.set(staged.fileId, staged);
    return staged;
  }

  /**
   * Registers an upload of which only the first bytes (already written to `filePath`) have
   * arrived; `appendUpload` brings the rest. A head that is already the whole file is complete.
   */
  registerPartialUpload(filePath: string, name: string, totalSize: number): StagedFile {
    const staged = this.registerPath(filePath, true, name);
    const received = staged.size;
    if (received > totalSize) {
      this.release(staged.fileId);
      throw new PinlistError('INVALID_INPUT', `The upload sent ${received} bytes for a file of ${totalSize}. Choose the file again.`);
    }
    staged.size = totalSize;
    if (received === totalSize) return staged;

    let settle!: (error?: PinlistError) => void;
    const complete = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    // Nobody may be waiting when an upload fails; its failure is reported to whoever waits later.
    complete.catch(() => undefined);
    const pending: PendingUpload = {
      received,
      appending: false,
      complete,
      settle,
      listeners: new Set(),
      controller: new AbortController(),
      stallTimer: undefined,
    };
    pending.stallTimer = setTimeout(() => this.failUpload(staged.fileId, uploadInterrupted('the rest of it never arrived')), REST_START_TIMEOUT_MS);
    pending.stallTimer.unref();
    this.uploads.set(staged.fileId, pending);
    return staged;
  }

  /** Appends the rest of an upload from `offset` (the bytes received so far); ends it when every byte is there. */
  async appendUpload(fileId: string, offset: number, source: Readable): Promise<StagedFile> {
    const staged = this.get(fileId);
    const pending = this.uploads.get(fileId);
    if (!pending) throw new PinlistError('INVALID_INPUT', `${staged.name} is already complete: nothing more to upload.`);
    if (pending.appending) throw new PinlistError('INVALID_INPUT', `${staged.name} is already being uploaded.`);
    if (offset !== pending.received) {
      throw new PinlistError('INVALID_INPUT', `The upload of ${staged.name} should go on at byte ${pending.received}, not ${offset}. Choose the file again.`);
    }
    pending.appending = true;
    clearTimeout(pending.stallTimer);
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        pending.received += chunk.length;
        if (pending.received > staged.size) return callback(uploadInterrupted(`more bytes than the file's ${staged.size}`));
        for (const listener of pending.listeners) listener(pending.received, staged.size);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, counter, fs.createWriteStream(staged.path, { flags: 'a', mode: 0o600 }), { signal: pending.controller.signal });
    } catch (error) {
      const failure =
        error instanceof PinlistError
          ? error
          : (storageError(error, { path: this.uploadDir, what: `The upload of ${staged.name}`, neededBytes: staged.size - offset, outcome: 'Nothing was changed.' }) ??
            uploadInterrupted((error as Error).message));
      this.failUpload(fileId, failure);
      throw failure;
    }
    if (pending.received !== staged.size) {
      const failure = uploadInterrupted(`${pending.received} of ${staged.size} bytes arrived`);
      this.failUpload(fileId, failure);
      throw failure;
    }
    this.uploads.delete(fileId);
    pending.settle();
    return staged;
  }

  /** Whether every byte of the file is on disk. */
  isComplete(fileId: string): boolean {
    this.get(fileId);
    const failure = this.broken.get(fileId);
    if (failure) throw failure;
    return !this.uploads.has(fileId);
  }

  /** Resolves with the file once every byte is on disk; rejects if its upload fails or it is released. */
  async whenComplete(fileId: string, onProgress?: ReceiveProgress, signal?: AbortSignal): Promise<StagedFile> {
    const staged = this.get(fileId);
    const failure = this.broken.get(fileId);
    if (failure) throw failure;
    const pending = this.uploads.get(fileId);
    if (!pending) return staged;
    if (onProgress) {
      pending.listeners.add(onProgress);
      onProgress(pending.received, staged.size);
    }
    try {
      if (!signal) await pending.complete;
      else {
        signal.throwIfAborted();
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => reject(signal.reason as Error);
          signal.addEventListener('abort', onAbort, { once: true });
          pending.complete.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
        });
      }
    } finally {
      if (onProgress) pending.listeners.delete(onProgress);
    }
    return this.get(fileId);
  }

  /**
   * Where an upload is written before it is registered: `<pid>-<uuid>.upload`, so that what a
   * killed server left is told from a live one's by its pid (files/leftovers.ts).
   */
  newUploadPath(): string {
    fs.mkdirSync(this.uploadDir, { recursive: true, mode: 0o700 });
    return path.join(this.uploadDir, `${process.pid}-${randomUUID()}.upload`);
  }

  get(fileId: string): StagedFile {
    const staged = this.files.get(fileId);
    if (!staged) throw new PinlistError('FILE_NOT_FOUND', 'That file is no longer available. Choose it again.');
    return staged;
  }

  has(fileId: string): boolean {
    return this.files.has(fileId);
  }

  release(fileId: string): void {
    const staged = this.files.get(fileId);
    if (!staged) return;
    this.failUpload(fileId, new PinlistError('FILE_NOT_FOUND', `${staged.name} was closed before its upload ended. Choose it again.`));
    this.files.delete(fileId);
    this.broken.delete(fileId);
    if (staged.temporary) fs.rmSync(staged.path, { force: true });
  }

  releaseAll(): void {
    for (const fileId of [...this.files.keys()]) this.release(fileId);
  }

  private failUpload(fileId: string, error: PinlistError): void {
    const pending = this.uploads.get(fileId);
    if (!pending) return;
    this.uploads.delete(fileId);
    if (this.files.has(fileId)) this.broken.set(fileId, error);
    clearTimeout(pending.stallTimer);
    pending.controller.abort(error);
    pending.settle(error);
  }
}
