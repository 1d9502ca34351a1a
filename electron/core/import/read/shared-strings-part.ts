import { StringDecoder } from 'node:string_decoder';
import { DECODE_PIECE_BYTES } from './entry-text.js';
import type { SharedStrings } from './shared-strings.js';
import { ScanLimitError, SharedStringsScanner } from './sheet-xml.js';

const LT = 0x3c;

/** "<si><t>" and "</t></si>": the shape Excel writes nearly every shared string in. */
const ITEM_OPEN = Buffer.from('<si><t>');
const ITEM_CLOSE = Buffer.from('</t></si>');
const ITEM_END = Buffer.from('</si>');

/**
 * The shared strings part, inflated chunk by chunk, into the store. A plain item, <si><t>text</t></si>
 * whose text is ASCII with nothing to decode (no '&', no '_' that could start an _xHHHH_ escape),
 * is copied into the store as bytes: no UTF-8 decoding of the XML, no JS string made and written
 * back. Anything else (rich text runs, phonetic guides, entities, non-ASCII text, a chunk that
 * ends inside an item, the part's own tags) is decoded and read by SharedStringsScanner, up to the
 * end of that item, after which plain items are taken as bytes again. Same strings either way
 * (the fuzz and unit tests check both paths against each other).
 */
export class SharedStringsPart {
  private readonly decoder = new StringDecoder('utf8');
  private readonly scanner: SharedStringsScanner;

  constructor(
    private readonly store: SharedStrings,
    private readonly maxElementChars: number,
  ) {
    this.scanner = new SharedStringsScanner((text) => store.add(text), () => store.count, maxElementChars);
  }

  /** Reads the next inflated chunk; null at the part's end. Throws ScanLimitError. */
  feed(chunk: Buffer | null): void {
    if (chunk === null) {
      this.scanner.feed(this.decoder.end(), true);
      return;
    }
    const n = chunk.length;
    let p = 0;
    while (p < n) {
      if (this.scanner.idle) {
        p = this.plainItems(chunk, p);
        if (p >= n) return;
      }
      // Through the string scanner up to the end of the next item, or the rest of the chunk.
      const end = chunk.indexOf(ITEM_END, p);
      const to = Math.min(end < 0 ? n : end + ITEM_END.length, p + DECODE_PIECE_BYTES);
      this.scanner.feed(this.decoder.write(chunk.subarray(p, to)));
      p = to;
    }
  }

  /** Stores plain items from `p` on, as long as they come; returns where the first other one starts. */
  private plainItems(chunk: Buffer, p: number): number {
    const n = chunk.length;
    const store = this.store;
    // Room for all the rest of the chunk: no item's text can be longer.
    const target = store.reserve(n - p);
    while (p < n) {
      if (!startsWith(chunk, p, ITEM_OPEN)) return p;
      const start = p + ITEM_OPEN.length;
      // Copied as it is checked, up to the next '<' (the texts are short, where Buffer.indexOf's
      // call costs more than the search): ASCII with nothing to decode, and whether it is blank
      // (white space only, as trim() sees it). A text that turns out not plain is left unstored.
      let blank = true;
      let end = start;
      let at = store.usedBytes;
      for (; end < n; end++) {
        const byte = chunk[end]!;
        if (byte === LT) break;
        if (byte >= 0x80 || byte === 0x26 || byte === 0x5f) return p;
        if (byte > 0x20) blank = false;
        // Of ASCII's control characters only these are white space to trim().
        else if (byte !== 0x20 && (byte < 0x09 || byte > 0x0d)) blank = false;
        target[at++] = byte;
      }
      if (!startsWith(chunk, end, ITEM_CLOSE)) return p;
      if (end - start > this.maxElementChars) throw new ScanLimitError({ kind: 'shared-string', index: store.count });
      store.addWritten(at, blank);
      p = end + ITEM_CLOSE.length;
    }
    return p;
  }
}

function startsWith(chunk: Buffer, at: number, literal: Buffer): boolean {
  if (at + literal.length > chunk.length) return false;
  for (let i = 0; i < literal.length; i++) if (chunk[at + i] !== literal[i]) return false;
  return true;
}
