/**
 * The little XML a workbook's parts need, on strings: entity decoding, Excel's _xHHHH_ escapes
 * and attribute lookup. Workbook XML is machine-written and flat, so a full XML parser's
 * generality (DTDs, namespaces resolved by URI) buys nothing here and costs most of the time.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

/** XML character and entity references to text; an unknown or invalid one is kept as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * The text of a string cell as Excel shows it: entities decoded, then Excel's own escapes for
 * characters XML can't hold (`_x000D_` is a carriage return; `_x005F_` escapes an underscore).
 */
export function decodeCellText(text: string): string {
  return decodeExcelEscapes(decodeEntities(text));
}

/** Excel's own escapes in text whose XML entities are already decoded (see decodeCellText). */
export function decodeExcelEscapes(decoded: string): string {
  if (!decoded.includes('_x')) return decoded;
  return decoded.replace(EXCEL_ESCAPE, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * An attribute's raw value in a start tag (`<c r="A1" t="s">`), matched by local name whatever
 * its prefix (`r:id` and `x:id` alike for 'id'); undefined when absent. Decode it with
 * `decodeEntities` where it may hold text.
 */
export function attribute(tag: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = tag.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = tag.charCodeAt(at - 1);
    // Preceded by whitespace or a prefix's colon, followed by optional spaces and '='.
    if (!(before === 0x20 || before === 0x09 || before === 0x0a || before === 0x0d || before === 0x3a)) continue;
    let p = from;
    while (isSpace(tag.charCodeAt(p))) p++;
    if (tag.charCodeAt(p) !== 0x3d) continue;
    p++;
    while (isSpace(tag.charCodeAt(p))) p++;
    const quote = tag[p];
    if (quote !== '"' && quote !== "'") continue;
    const end = tag.indexOf(quote, p + 1);
    if (end < 0) return undefined;
    return tag.slice(p + 1, end);
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Every start tag of an element with this local name (any prefix) in a document, as text. */
export function* startTags(xml: string, localName: string): Generator<string> {
  const pattern = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?=[\\s/>])[^>]*>`, 'g');
  for (const match of xml.matchAll(pattern)) yield match[0];
}
