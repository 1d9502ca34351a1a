import fs from 'node:fs';
import path from 'node:path';
import type { ListSource } from '../../../shared/contract/automation.js';
import { PinlistError } from '../../../shared/errors.js';
import { hashFile } from '../import/file-hash.js';

/** Reading a list's source: which file it is now, whether it changed, and its SHA-256. */

export interface SourceFile {
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
}

/** `*` any run of characters, `?` one; matched against the whole file name, ignoring case. */
export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

function statFile(file: string): SourceFile | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? { path: file, name: path.basename(file), size: stat.size, mtimeMs: stat.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The file a source points at now: the file itself, or the newest match in the folder. Throws FILE_NOT_FOUND. */
export function resolveSourceFile(source: ListSource): SourceFile {
  if (source.kind === 'file') {
    const file = statFile(source.path);
    if (!file) throw new PinlistError('FILE_NOT_FOUND', `The source file ${source.path} is missing (moved, renamed or deleted). Put it back, or point the list at its new place with \`pinlist source\`.`);
    return file;
  }
  let names: string[];
  try {
    names = fs.readdirSync(source.path);
  } catch {
    throw new PinlistError('FILE_NOT_FOUND', `The source folder ${source.path} is missing or cannot be read. Check it exists and Pinlist may read it, or point the list elsewhere with \`pinlist source\`.`);
  }
  const match = globToRegExp(source.pattern ?? '*');
  let newest: SourceFile | null = null;
  for (const name of names) {
    if (!match.test(name)) continue;
    const file = statFile(path.join(source.path, name));
    if (file && (!newest || file.mtimeMs > newest.mtimeMs || (file.mtimeMs === newest.mtimeMs && file.name > newest.name))) newest = file;
  }
  if (!newest) {
    throw new PinlistError('FILE_NOT_FOUND', `No file in ${source.path} matches ${source.pattern ?? '*'}. Check the folder and the pattern (\`pinlist source\` shows them).`);
  }
  return newest;
}

/** Name, size and modification time: tells a changed source without reading it. */
export function fingerprintOf(file: SourceFile): string {
  return `${file.path}|${file.size}|${Math.round(file.mtimeMs)}`;
}

/** The source's fingerprint now, or null when it is missing. */
export function currentFingerprint(source: ListSource): string | null {
  try {
    return fingerprintOf(resolveSourceFile(source));
  } catch {
    return null;
  }
}

/**
 * SHA-256 of the chosen file, refusing one that changes while it is read (still being written by
 * the CRM's export): its size and time must be the same before and after.
 */
export async function hashSourceFile(file: SourceFile): Promise<string> {
  let sha256: string;
  try {
    sha256 = await hashFile(file.path);
  } catch (error) {
    throw new PinlistError('FILE_NOT_FOUND', `Cannot read the source file ${file.path}: ${(error as Error).message}. Check that Pinlist may read it.`);
  }
  const after = statFile(file.path);
  if (!after || after.size !== file.size || after.mtimeMs !== file.mtimeMs) {
    throw new PinlistError('CONFLICT', `The source file ${file.name} changed while it was being read (it may still be being written). Nothing was imported; the next run tries again.`);
  }
  return sha256;
}
