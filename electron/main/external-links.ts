/**
 * The only web origins Pinlist ever opens in the user's browser. Everything goes through
 * `isAllowedExternalUrl`; the OAuth server (PINTEREST_OAUTH_URL) is added at start-up.
 */
export const EXTERNAL_ORIGINS: readonly string[] = ['https://www.pinterest.com', 'https://help.pinterest.com'];

export function isAllowedExternalUrl(url: string, extraOrigins: readonly string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return [...EXTERNAL_ORIGINS, ...extraOrigins].includes(parsed.origin);
}

/**
 * The single door to the user's browser: `open` (shell.openExternal in the app) is called only for
 * an allowlisted URL; anything else is refused and reported.
 */
export function guardedOpenExternal(
  open: (url: string) => Promise<void>,
  extraOrigins: readonly string[] = [],
  onRefused: (url: string) => void = (url) => console.warn(`pinlist: refused to open ${url}: not on the allowlist`),
): (url: string) => Promise<void> {
  return async (url) => {
    if (!isAllowedExternalUrl(url, extraOrigins)) return onRefused(url);
    await open(url);
  };
}

/** The origin of a configured OAuth URL, if it is a web URL; loopback http is allowed for the fake server. */
export function oauthOrigin(oauthUrl: string | undefined): string[] {
  if (!oauthUrl) return [];
  try {
    const parsed = new URL(oauthUrl);
    const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
    return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback) ? [parsed.origin] : [];
  } catch {
    return [];
  }
}
