import { open, rename, rm } from 'node:fs/promises';

/**
 * Written to a temp file and renamed into place, so the name never holds half a file. The mode
 * is set before anything is written: a private key is never readable by others, even briefly.
 * A failure at any step removes the temp file.
 */
export async function writeFileAtomically(
  file: string,
  contents: string,
  mode: number,
): Promise<void> {
  // Per process: two simulators sharing a --cert-dir never write the same temp file.
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w', mode);
    try {
      // `open` applies the mode only to a new file (and through the umask); a temp file left
      // by a crashed run keeps its own.
      await handle.chmod(mode);
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    // The write's own error is the one to report, not a failed clean-up's.
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
