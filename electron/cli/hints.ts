/**
 * What the command line adds to a core message. Core messages name no surface's syntax (the app
 * shows mapping dropdowns where the CLI has `--map`), so each surface says how to act in its own
 * words; these are the CLI's.
 */
const CLI_HINTS: Partial<Record<string, string>> = {
  NO_IDENTIFIER_COLUMN: 'Map one with --map "COLUMN=email" (or gaid, idfa); COLUMN is a header name or a 1-based column number.',
};

/** The message as the CLI prints it: the core's, then the CLI's hint for that error, if any. */
export function withCliHint(code: string, message: string): string {
  const hint = CLI_HINTS[code];
  return hint ? `${message.trimEnd()} ${hint}` : message;
}
