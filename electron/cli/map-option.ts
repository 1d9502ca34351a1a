import type { MapOverride } from '../../shared/columns.js';
import { PinlistError } from '../../shared/errors.js';
import { COLUMN_KINDS } from '../../shared/identifiers.js';
import { trimWhiteSpace } from '../../shared/normalize.js';

/** The CLI's `--map COLUMN=KIND` option, read into the override the import takes. */

const MAP_USAGE = 'Write it as COLUMN=KIND, e.g. --map "Email Address=email" or --map "3=gaid"';

/** Parses `--map COLUMN=KIND`. The last `=` separates, so a column name may contain `=`. */
export function parseMapOption(text: string): MapOverride {
  const eq = text.lastIndexOf('=');
  if (eq < 0) {
    throw new PinlistError('BAD_MAPPING', `Could not read --map "${text}": there is no "=". ${MAP_USAGE}.`);
  }
  const column = unquote(trimWhiteSpace(text.slice(0, eq)));
  const kindText = trimWhiteSpace(text.slice(eq + 1)).toLowerCase();
  if (column === '') {
    throw new PinlistError('BAD_MAPPING', `Could not read --map "${text}": the column is missing. ${MAP_USAGE}.`);
  }
  const kind = COLUMN_KINDS.find((k) => k === kindText);
  if (!kind) {
    throw new PinlistError(
      'BAD_MAPPING',
      `Unknown kind "${kindText}" in --map "${text}". ` +
        `Use one of: ${COLUMN_KINDS.join(', ')} (e.g. --map "${column}=email").`,
    );
  }
  if (/^\d+$/.test(column) && Number(column) < 1) {
    throw new PinlistError(
      'BAD_MAPPING',
      `Column numbers start at 1, so --map "${text}" names no column. ${MAP_USAGE}.`,
    );
  }
  return { column, kind };
}

function unquote(s: string): string {
  const q = s[0];
  return s.length >= 2 && (q === '"' || q === "'") && s[s.length - 1] === q
    ? trimWhiteSpace(s.slice(1, -1))
    : s;
}
