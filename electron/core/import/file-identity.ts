import fs from 'node:fs';
import { fileChanged } from './read/errors.js';

/** What tells one version of a file from another without reading it: size, modification time, inode. */
export interface FileIdentity {
  size: number;
  /** Nanoseconds, as a string (bigint does not cross postMessage to every consumer cleanly). */
  mtimeNs: string;
  ino: string;
  dev: string;
}

export async function fileIdentity(path: string): Promise<FileIdentity> {
  const stat = await fs.promises.stat(path, { bigint: true });
  return { size: Number(stat.size), mtimeNs: String(stat.mtimeNs), ino: String(stat.ino), dev: String(stat.dev) };
}

export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino && a.dev === b.dev;
}

/** The file's identity now, or null when it is gone or unreadable (which counts as changed). */
export async function currentIdentity(path: string): Promise<FileIdentity | null> {
  try {
    return await fileIdentity(path);
  } catch {
    return null;
  }
}

/** Throws FILE_CHANGED unless the file at `path` is still the one described by `before`. */
export async function assertUnchanged(path: string, before: FileIdentity): Promise<void> {
  const now = await currentIdentity(path);
  if (!now || !sameFile(before, now)) throw fileChanged(path);
}
