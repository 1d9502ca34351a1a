/**
 * Pinterest access tokens start with `pina`, refresh tokens with `pinr`. Anything that looks like
 * one is replaced before text is logged or shown, wherever it came from.
 */
const TOKEN_PATTERN = /\bpin[ar][A-Za-z0-9._~+/=-]{8,}/g;

export function redactSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, (match) => `${match.slice(0, 4)}…[redacted]`);
}
