/** Small helpers for the browser-mode journey: drop a file, capture a screen (light + dark + axe), fixtures. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { csvText, zipBytes } from '../fixtures/generate.js';
import { repoRoot } from './serve.js';

export const SCREENS_DIR = path.join(repoRoot, 'test-results', 'screens');

/** Drops a file on the window as the OS would: a File built in the page from the fixture's bytes. */
export async function dropFile(page: Page, filePath: string, mimeType = 'text/csv'): Promise<void> {
  const base64 = fs.readFileSync(filePath).toString('base64');
  await page.evaluate(
    ({ base64, name, mimeType }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: mimeType }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    { base64, name: path.basename(filePath), mimeType },
  );
}

/**
 * A page of a context of its own (axe-core needs one made by browser.newContext), in the light
 * scheme with reduced motion (as captureScreen leaves it), opened at `url`.
 */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto(url);
  return page;
}

export interface AxeProblem {
  screen: string;
  scheme: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Screenshots the current screen in light and dark (test-results/screens/<name>-<scheme>.png) and
 * runs axe-core in each; serious and critical violations fail the test (softly, so the journey goes on
 * and every screen's problems are reported).
 */
export async function captureScreen(page: Page, name: string): Promise<AxeProblem[]> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  const problems: AxeProblem[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    // The picture and the contrast checks wait for the scheme to be applied: every transition it
    // started has finished (getAnimations() applies the pending style change first) and a frame
    // has been drawn with the result.
    await page.evaluate(async (wanted) => {
      if (!matchMedia(`(prefers-color-scheme: ${wanted})`).matches) throw new Error(`the page does not see the ${wanted} scheme`);
      const transitions = document.getAnimations().filter((animation) => animation instanceof CSSTransition);
      await Promise.allSettled(transitions.map((transition) => transition.finished));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }, scheme);
    // The main area scrolls inside the shell, so a full-page picture would only add blank space.
    await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${scheme}.png`) });
    const results = await new AxeBuilder({ page }).analyze();
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      problems.push({
        screen: name,
        scheme,
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  expect.soft(problems, `axe: serious or critical violations on ${name}`).toEqual([]);
  return problems;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The normalized email of customer `i` (what Pinlist hashes). */
export function customerEmail(i: number): string {
  return `customer.${i}@example.com`;
}

export const INVALID_EMAILS = ['not an email', 'missing-at.example.com'] as const;

/**
 * A customer file: one row per i in [from, to) (every 50th written with spaces and capitals, to
 * exercise normalization), with two duplicate rows and the two invalid emails early on, inside
 * the 200-row preview.
 */
export function customersCsv(from: number, to: number): string {
  const rows: string[][] = [['Email', 'Name']];
  for (let i = from; i < to; i++) {
    const email = i % 50 === 0 ? `  Customer.${i}@EXAMPLE.com ` : customerEmail(i);
    rows.push([email, `Customer ${i}`]);
    if (i === from + 4) {
      rows.push([customerEmail(from), 'Duplicate'], [customerEmail(from + 1), 'Duplicate']);
      for (const bad of INVALID_EMAILS) rows.push([bad, 'Broken']);
    }
  }
  return csvText(rows);
}

export function expectedHashes(from: number, to: number): Set<string> {
  const hashes = new Set<string>();
  for (let i = from; i < to; i++) hashes.add(sha256Hex(customerEmail(i)));
  return hashes;
}

const SPREADSHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELATIONSHIPS_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const PACKAGE_RELS_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * A workbook as Python's openpyxl (and so pandas' `to_excel`) writes one: every relationship
 * target is an absolute part name (`/xl/worksheets/sheet2.xml`), where Excel writes relative ones;
 * text in shared strings; docProps beside the workbook.
 */
export function openpyxlWorkbook(sheets: readonly { name: string; rows: readonly (readonly string[])[] }[]): Buffer {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const stringIndex = (text: string) => {
    let index = indexOf.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      indexOf.set(text, index);
    }
    return index;
  };
  const sheetParts: Record<string, string> = {};
  sheets.forEach((sheet, s) => {
    const rows = sheet.rows
      .map((row, r) => `<row r="${r + 1}">${row.map((cell, c) => `<c r="${columnLetter(c)}${r + 1}" t="s"><v>${stringIndex(cell)}</v></c>`).join('')}</row>`)
      .join('');
    sheetParts[`xl/worksheets/sheet${s + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet ${SPREADSHEET_NS}><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/></sheetPr><sheetData>${rows}</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>`;
  });
  const sheetOverrides = sheets
    .map((_, s) => `<Override PartName="/xl/worksheets/sheet${s + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  return zipBytes({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheetOverrides +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships ${PACKAGE_RELS_NS}><Relationship Id="rId1" Type="${OFFICE_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    'docProps/core.xml': '<?xml version="1.0" encoding="UTF-8"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>openpyxl</dc:creator></cp:coreProperties>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<workbook ${SPREADSHEET_NS} ${RELATIONSHIPS_NS}><workbookPr/><sheets>${sheets.map((sheet, s) => `<sheet name="${xmlEscape(sheet.name)}" sheetId="${s + 1}" state="visible" r:id="rId${s + 1}"/>`).join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8"?>\n<Relationships ${PACKAGE_RELS_NS}>` +
      sheets.map((_, s) => `<Relationship Id="rId${s + 1}" Type="${OFFICE_REL}/worksheet" Target="/xl/worksheets/sheet${s + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${OFFICE_REL}/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
    ...sheetParts,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<sst ${SPREADSHEET_NS} uniqueCount="${strings.length}">${strings.map((text) => `<si><t>${xmlEscape(text)}</t></si>`).join('')}</sst>`,
  });
}
