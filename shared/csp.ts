/**
 * The renderer's Content Security Policy. renderer/index.html carries the same string in its
 * meta tag (a test checks they match); browser mode also sends it as a header.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'";
