/**
 * `--data-dir DIR` or `--data-dir=DIR` from the app's command line (`npm start -- --data-dir DIR`),
 * as the CLI takes it. Chromium's own switches are left alone.
 */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length) || undefined;
    if (arg === '--data-dir') {
      const next = argv[index + 1];
      return next && !next.startsWith('--') ? next : undefined;
    }
  }
  return undefined;
}
