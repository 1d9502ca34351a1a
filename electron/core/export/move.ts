import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Moves a finished export to the path the user chose, replacing a file already there (the save
 * dialog has asked about that). On the same volume it is one rename. Across volumes it is copied
 * beside the destination first and then renamed over it, so an existing file there is replaced
 * whole or not at all. The source is removed only once the file is in place; if anything fails
 * the source stays, so the user can try another folder.
 */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fs.promises.rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
  }
  const partial = `${to}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await fs.promises.copyFile(from, partial);
    await fs.promises.rename(partial, to);
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  await fs.promises.rm(from, { force: true });
}
