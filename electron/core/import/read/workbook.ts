import { posix } from 'node:path';
import { attribute, decodeEntities, startTags } from './xml-text.js';
import type { ZipBytes, ZipEntry } from './zip.js';
import { readEntryHead } from './zip.js';

/**
 * What a workbook says about itself before any sheet is read: its sheets in tab order (name,
 * visibility, which part holds each), where its shared strings and styles are, which cell styles
 * show dates, and its date system. Parts are found the way the Open Packaging Conventions say:
 * through relationships, whose targets are either absolute from the package root
 * (`/xl/worksheets/sheet1.xml`, as openpyxl and so pandas write) or relative to the folder of
 * the part that owns them (`worksheets/sheet1.xml`, as Excel writes).
 */

export interface SheetInfo {
  name: string;
  hidden: boolean;
  /** The worksheet's zip entry; null for a chart sheet, or one whose part is missing. */
  entry: ZipEntry | null;
}

export interface WorkbookInfo {
  sheets: SheetInfo[];
  sharedStrings: ZipEntry | null;
  /** Per cell style index (the `s` attribute): does its number format show a date or time? */
  dateStyles: boolean[];
  date1904: boolean;
}

/** Small parts are read whole; more than this is no workbook part (or a trap). */
const MAX_SMALL_PART_BYTES = 64 * 1024 * 1024;

export type WorkbookProblem = { problem: string };

/** Reads the workbook's structure, or says what is wrong with it. */
export async function readWorkbookInfo(handle: ZipBytes, entries: readonly ZipEntry[]): Promise<WorkbookInfo | WorkbookProblem> {
  const parts = new PartIndex(entries);
  const rootRels = await readPart(handle, parts.get('_rels/.rels'));
  const officeDocument = rootRels === null ? undefined : relationships(rootRels, '').find((r) => r.type.endsWith('/officeDocument'));
  const workbookName = officeDocument?.target ?? 'xl/workbook.xml';
  const workbookXml = await readPart(handle, parts.get(workbookName));
  if (workbookXml === null) return { problem: 'it has no workbook part (xl/workbook.xml) or it is damaged' };

  const relsXml = await readPart(handle, parts.get(relsPartName(workbookName)));
  const rels = relsXml === null ? [] : relationships(relsXml, workbookName);
  const byId = new Map(rels.map((r) => [r.id, r]));

  const sheets: SheetInfo[] = [];
  let position = 0;
  for (const tag of startTags(workbookXml, 'sheet')) {
    position++;
    const rawName = attribute(tag, 'name');
    if (rawName === undefined) continue;
    const state = attribute(tag, 'state');
    const rel = byId.get(attribute(tag, 'id') ?? '');
    let entry: ZipEntry | null = null;
    if (rel) {
      entry = rel.type.endsWith('/worksheet') ? parts.get(rel.target) : null;
    } else if (rels.length === 0) {
      // No relationships at all: the layout every writer uses.
      entry = parts.get(`xl/worksheets/sheet${position}.xml`);
    }
    sheets.push({ name: decodeEntities(rawName), hidden: state === 'hidden' || state === 'veryHidden', entry });
  }

  const target = (suffix: string, fallback: string): ZipEntry | null => {
    const rel = rels.find((r) => r.type.endsWith(suffix));
    return rel ? parts.get(rel.target) : parts.get(fallback);
  };
  const sharedStrings = target('/sharedStrings', 'xl/sharedStrings.xml');
  const stylesXml = await readPart(handle, target('/styles', 'xl/styles.xml'));
  const pr = [...startTags(workbookXml, 'workbookPr')][0];
  const date1904 = pr !== undefined && /^(1|true)$/i.test(attribute(pr, 'date1904') ?? '');
  return { sheets, sharedStrings, dateStyles: stylesXml === null ? [] : dateStyles(stylesXml), date1904 };
}

interface Relationship {
  id: string;
  type: string;
  /** The target's part name (zip entry name), resolved. */
  target: string;
}

/** A relationships part's internal targets, resolved against `sourcePart` ('' for the package). */
function relationships(xml: string, sourcePart: string): Relationship[] {
  const out: Relationship[] = [];
  for (const tag of startTags(xml, 'Relationship')) {
    if (attribute(tag, 'TargetMode') === 'External') continue;
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id === undefined || target === undefined) continue;
    out.push({ id: decodeEntities(id), type: decodeEntities(attribute(tag, 'Type') ?? ''), target: resolveTarget(sourcePart, decodeEntities(target)) });
  }
  return out;
}

/**
 * A relationship target as a zip entry name (OPC, ECMA-376 part 2 §9.3): an absolute target
 * ("/xl/worksheets/sheet1.xml") is from the package root; a relative one from the folder of the
 * part the relationships belong to (the parent of their `_rels` folder). Part names are URIs:
 * percent-escapes are decoded, a fragment or query dropped.
 */
export function resolveTarget(sourcePart: string, target: string): string {
  let path = target.replace(/[?#].*$/, '').replace(/\\/g, '/');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray '%' is taken as written.
  }
  const joined = path.startsWith('/') ? path : posix.join(posix.dirname(`/${sourcePart}`), path);
  return posix.normalize(joined).replace(/^\/+/, '');
}

/** `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`. */
function relsPartName(part: string): string {
  const dir = posix.dirname(part);
  return `${dir === '.' ? '' : `${dir}/`}_rels/${posix.basename(part)}.rels`;
}

/** Zip entries by part name; OPC part names compare without regard to case. */
class PartIndex {
  private readonly exact = new Map<string, ZipEntry>();
  private readonly folded = new Map<string, ZipEntry>();
  constructor(entries: readonly ZipEntry[]) {
    for (const entry of entries) {
      const name = entry.name.replace(/^\/+/, '');
      this.exact.set(name, entry);
      if (!this.folded.has(name.toLowerCase())) this.folded.set(name.toLowerCase(), entry);
    }
  }
  get(name: string): ZipEntry | null {
    return this.exact.get(name) ?? this.folded.get(name.toLowerCase()) ?? null;
  }
}

async function readPart(handle: ZipBytes, entry: ZipEntry | null): Promise<string | null> {
  if (!entry || entry.encrypted) return null;
  const bytes = await readEntryHead(handle, entry, MAX_SMALL_PART_BYTES).catch(() => null);
  return bytes === null ? null : bytes.toString('utf8');
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, as exceljs reads them). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Cell style index → shows a date, from styles.xml's custom number formats and cellXfs. */
function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, boolean>();
  for (const tag of startTags(xml, 'numFmt')) {
    const id = Number(attribute(tag, 'numFmtId'));
    const code = decodeEntities(attribute(tag, 'formatCode') ?? '');
    if (Number.isInteger(id)) custom.set(id, isDateFormat(code));
  }
  const open = /<(?:\w+:)?cellXfs[\s>]/.exec(xml);
  if (!open) return [];
  const close = xml.indexOf('cellXfs>', open.index + 8);
  const section = xml.slice(open.index, close < 0 ? undefined : close);
  const out: boolean[] = [];
  for (const tag of startTags(section, 'xf')) {
    const id = Number(attribute(tag, 'numFmtId') ?? 0);
    out.push(custom.get(id) ?? BUILT_IN_DATE_FORMATS.has(id));
  }
  return out;
}

/** A format code shows a date if, outside quotes and [brackets], it has a date or time letter. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\\(.)/g, '$1')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}
