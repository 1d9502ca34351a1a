import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PinlistError } from '../../shared/errors.js';

export interface StagedFile {
  fileId: string;
  name: string;
  path: string;
  size: number;
  /** Uploaded copies (browser mode) are deleted when released; the user's own files never are. */
  temporary: boolean;
}

/**
 * Files the UI has chosen, by opaque id. The renderer never sends a path to the import: in the
 * desktop app the path comes from the OS dialog or a drop, in browser mode from an upload.
 */
export class StagedFiles {
  private readonly files = new Map<string, StagedFile>();

  constructor(private readonly uploadDir: string) {}

  registerPath(filePath: string, temporary = false, name = path.basename(filePath)): StagedFile {
    let size: number;
    try {
      const stat = fs.statSync(filePath);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      throw new PinlistError('FILE_NOT_FOUND', `Cannot read ${filePath}. Check that the file exists and that you may open it.`);
    }
    const staged: StagedFile = { fileId: randomUUID(), name, path: filePath, size, temporary };
    this.files.set(staged.fileId, staged);
    return staged;
  }

  /** Where an upload is written before it is registered. */
  newUploadPath(): string {
    fs.mkdirSync(this.uploadDir, { recursive: true, mode: 0o700 });
    return path.join(this.uploadDir, `${randomUUID()}.upload`);
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
    this.files.delete(fileId);
    if (staged.temporary) fs.rmSync(staged.path, { force: true });
  }

  releaseAll(): void {
    for (const fileId of [...this.files.keys()]) this.release(fileId);
  }
}
