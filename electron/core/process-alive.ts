/**
 * Whether a process of this computer is still running, for the files and locks a Pinlist process
 * names by its pid (the app, `serve` and the CLI may share one data folder).
 */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    // Signal 0 delivers nothing: it only asks whether the pid exists.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
