/**
 * Fuzzes the file readers and the whole import with random bytes and mutated real files (CSV in
 * UTF-8, UTF-16 and Windows-1252; XLSX zips as exceljs, Excel and openpyxl lay them out, with flipped
 * bytes, truncation, splices). Every case
 * must end in a summary or a PinlistError with a known code (INTERNAL, a crash, is a failure
 * too), within a time limit, and a failed import must leave the database exactly as it was.
 *
 * Seeded: FUZZ_SEED=<n> replays a run; a failure names the seed and the case.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isPinlistError } from '../../shared/errors.js';
import { IDENTIFIER_KINDS } from '../../shared/identifiers.js';
import {
  csvText,
  encodeText,
  makeTempDir,
  removeDir,
  writeExcelOrderedXlsx,
  writeXlsx,
} from '../fixtures/generate.js';
import { workbookBytes } from '../fixtures/xlsx-parts.js';
import { dumpDatabase, leftoverTempFiles, storedHashes, useImportEnv } from '../helpers/import-db.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240611);
const CASES = Number(process.env.FUZZ_CASES ?? 40);
/** Far above what any of these small files needs (well under a second each); a hang trips it. */
const CASE_TIMEOUT_MS = 20_000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const env = useImportEnv();
let dir: string;
const bases: { name: string; ext: string; bytes: Buffer }[] = [];

const ROWS = [
  ['Email', 'Android ID', 'Name'],
  ['ann@example.com', '6d92078a-8246-4ba4-ae5b-76104861e7dc', 'Ann'],
  ['Bob.Ray@Example.org', '38400000-8cf0-11bd-b23e-10b96e40000d', 'Bob, Jr.'],
  ['not an email', 'nope', '"quoted"'],
  ['zoë@exämple.de', '', 'Zoë'],
  ['cat@example.net', 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', 'Çat'],
];

beforeAll(async () => {
  dir = await makeTempDir('pinlist-import-fuzz-');
  const text = csvText(ROWS);
  bases.push({ name: 'utf8', ext: 'csv', bytes: encodeText(text, 'utf-8', true) });
  bases.push({ name: 'utf16le', ext: 'csv', bytes: encodeText(csvText(ROWS, { delimiter: '\t', eol: '\r\n' }), 'utf-16le', true) });
  bases.push({ name: 'utf16be', ext: 'csv', bytes: encodeText(text, 'utf-16be', true) });
  bases.push({ name: 'cp1252', ext: 'csv', bytes: encodeText(csvText(ROWS, { delimiter: ';', quoteAll: true }), 'windows-1252') });
  bases.push({ name: 'xlsx', ext: 'xlsx', bytes: fs.readFileSync(await writeXlsx(dir, 'base.xlsx', ROWS)) });
  bases.push({ name: 'xlsx-excel', ext: 'xlsx', bytes: fs.readFileSync(await writeExcelOrderedXlsx(dir, 'base-excel.xlsx')) });
  // As openpyxl (pandas) writes it: absolute relationship targets, shared strings, deflated.
  bases.push({ name: 'xlsx-openpyxl', ext: 'xlsx', bytes: workbookBytes([{ name: 'Sheet1', rows: ROWS }], { absoluteTargets: true, sharedStrings: true, deflate: true }) });
});
afterAll(async () => {
  await removeDir(dir);
});

interface FuzzCase {
  label: string;
  ext: string;
  bytes: Buffer;
}

/** One case: a base file and a mutation, or plain random bytes, all drawn from `random`. */
function makeCase(index: number, random: () => number): FuzzCase {
  const int = (n: number) => Math.floor(random() * n);
  const randomBytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  if (index % 8 === 0) {
    const ext = random() < 0.5 ? 'csv' : 'xlsx';
    // Half the random files start like a zip, so the XLSX path gets garbage too.
    const body = randomBytes(1 + int(4096));
    const bytes = random() < 0.5 ? Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), body]) : body;
    return { label: `random ${bytes.length} bytes as .${ext}`, ext, bytes };
  }
  const base = bases[int(bases.length)]!;
  const bytes = Buffer.from(base.bytes);
  const mutation = int(6);
  switch (mutation) {
    case 0: {
      const flips = 1 + int(24);
      for (let i = 0; i < flips; i++) {
        const at = int(bytes.length);
        bytes[at] = bytes[at]! ^ (1 << int(8));
      }
      return { label: `${base.name}: ${flips} bit flips`, ext: base.ext, bytes };
    }
    case 1: {
      const at = int(bytes.length);
      return { label: `${base.name}: truncated at ${at}/${bytes.length}`, ext: base.ext, bytes: bytes.subarray(0, at) };
    }
    case 2: {
      const at = int(bytes.length);
      const junk = randomBytes(1 + int(64));
      return { label: `${base.name}: ${junk.length} random bytes inserted at ${at}`, ext: base.ext, bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]) };
    }
    case 3: {
      const at = int(bytes.length);
      const length = 1 + int(Math.min(256, bytes.length - at));
      bytes.fill(random() < 0.5 ? 0 : 0xff, at, at + length);
      return { label: `${base.name}: ${length} bytes blanked at ${at}`, ext: base.ext, bytes };
    }
    case 4: {
      const other = bases[int(bases.length)]!;
      const at = int(bytes.length);
      const from = int(other.bytes.length);
      return {
        label: `${base.name}: spliced with ${other.name} at ${at}/${from}`,
        ext: base.ext,
        bytes: Buffer.concat([bytes.subarray(0, at), other.bytes.subarray(from)]),
      };
    }
    default: {
      // Randomly overwrite bytes in the middle third, where zip entries and CSV rows live.
      const count = 1 + int(40);
      const third = Math.floor(bytes.length / 3);
      for (let i = 0; i < count; i++) bytes[third + int(Math.max(1, third))] = int(256);
      return { label: `${base.name}: ${count} bytes overwritten`, ext: base.ext, bytes };
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, abort: AbortController): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve('timeout');
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe(`import fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  it('every file ends in a summary or a clear error, and a failure writes nothing', async () => {
    const random = prng(SEED);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const outcomes: Record<string, number> = {};
    try {
      const e = env();
      await e.run(path.join(dir, await writeSeedFile()), {});
      for (let i = 0; i < CASES; i++) {
        const fuzz = makeCase(i, random);
        const context = `seed ${SEED}, case ${i}: ${fuzz.label}`;
        const file = path.join(dir, `case-${i}.${fuzz.ext}`);
        fs.writeFileSync(file, fuzz.bytes);
        // Alternate between replacing the existing list and creating a new one.
        const list = i % 2 === 0 ? 'Customers' : `New ${i}`;
        const before = e.read(dumpDatabase);
        const abort = new AbortController();
        let outcome: Awaited<ReturnType<typeof e.run>> | 'timeout' | undefined;
        let error: unknown;
        try {
          outcome = await withTimeout(e.run(file, { list, signal: abort.signal }), CASE_TIMEOUT_MS, abort);
        } catch (caught) {
          error = caught;
        }
        expect(outcome, `${context}: hung for ${CASE_TIMEOUT_MS} ms`).not.toBe('timeout');
        if (error !== undefined) {
          expect(isPinlistError(error), `${context}: not a PinlistError: ${String(error)}`).toBe(true);
          if (!isPinlistError(error)) continue;
          expect(ERROR_CODES, context).toContain(error.code);
          expect(error.code, `${context}: ${error.message}`).not.toBe('INTERNAL');
          expect(error.message.length, context).toBeGreaterThan(20);
          expect(e.read(dumpDatabase), `${context}: the failed import changed the database`).toEqual(before);
          outcomes[error.code] = (outcomes[error.code] ?? 0) + 1;
        } else if (outcome && outcome !== 'timeout') {
          // A whole list, never part of one: what is stored is what the summary says.
          const summary = outcome;
          for (const kind of IDENTIFIER_KINDS) {
            const stored = e.read((db) => storedHashes(db, list, kind));
            expect(stored.length, `${context}: ${kind}`).toBe(summary.members[kind]);
            expect(new Set(stored).size, context).toBe(stored.length);
          }
          expect(summary.valid + summary.rejected, context).toBeGreaterThanOrEqual(summary.rowsRead > 0 ? 1 : 0);
          outcomes.imported = (outcomes.imported ?? 0) + 1;
        }
        expect(leftoverTempFiles(e.tempDir), context).toEqual([]);
        fs.rmSync(file);
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    // Shows what the run exercised (both outcomes should appear in a run of any size).
    console.log(`import fuzz seed ${SEED}:`, JSON.stringify(outcomes));
    expect(Object.keys(outcomes).length).toBeGreaterThan(1);
  }, 180_000);
});

async function writeSeedFile(): Promise<string> {
  const name = 'seed.csv';
  fs.writeFileSync(path.join(dir, name), csvText(ROWS));
  return name;
}
