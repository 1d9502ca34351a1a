/**
 * The rows the import benchmarks generate, deterministic so every run and every format holds the
 * same values: email + first name, last name, phone; 2% invalid emails, 3% duplicates (some
 * differing only in case and spaces), 5% mixed case. Shared by bench:import and bench:xlsx.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import ExcelJS from 'exceljs';

export const HEADER = ['Email', 'First Name', 'Last Name', 'Phone'];
const INVALID = ['n/a', 'customer at example.com', 'jane@@example.com', 'bob@localhost', 'two@a.com; three@b.com', 'unknown'];

/** Row i's email cell, deterministic: 2% invalid, 3% repeats of an earlier row, 5% mixed case. */
export function emailCell(i: number): string {
  const r = (Math.imul(i + 1, 2654435761) >>> 0) % 1000;
  if (r < 20) return INVALID[i % INVALID.length]!;
  if (r < 50 && i > 10) {
    const earlier = (i * 7919) % i;
    return r < 35 ? plainEmail(earlier) : ` ${plainEmail(earlier).toUpperCase()} `;
  }
  if (r < 100) return `Customer.${i}@Example${i % 97}.com`;
  return plainEmail(i);
}

/** The email a valid row would hold, or one a repeat would copy. */
function plainEmail(i: number): string {
  const r = (Math.imul(i + 1, 2654435761) >>> 0) % 1000;
  if (r < 20 || (r < 50 && i > 10)) return `customer.${i}@example${i % 97}.com`;
  return r < 100 ? `Customer.${i}@Example${i % 97}.com` : `customer.${i}@example${i % 97}.com`;
}

export function row(i: number): string[] {
  return [emailCell(i), `Firstname${i % 5000}`, `Lastname${i % 1000}`, `+1555${String(i).padStart(7, '0')}`];
}

export async function writeCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  let chunk = HEADER.join(',') + '\n';
  for (let i = 0; i < rows; i++) {
    const cells = row(i);
    // Cells with a ';' or ',' get quoted, as Excel does.
    chunk += cells.map((c) => (c.includes(',') || c.includes(';') ? `"${c}"` : c)).join(',') + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/**
 * The same rows as a workbook: with `sharedStrings`, every text is a shared string, as Excel
 * saves it; without, inline strings, as many other tools write them.
 */
export async function writeXlsx(file: string, rows: number, sharedStrings = false): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: sharedStrings });
  const sheet = workbook.addWorksheet('Customers');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(row(i)).commit();
  sheet.commit();
  await workbook.commit();
}
