import { PinlistError } from '../../shared/errors.js';
import type { CliRuntime } from './runtime.js';

/** A LIST argument: a list's name (ignoring case, as names are unique that way) or its number. */
export async function resolveListArg(runtime: CliRuntime, arg: string): Promise<{ id: number; name: string }> {
  const lists = await runtime.call('lists.list', {});
  const wanted = arg.trim().toLowerCase();
  const byName = lists.find((list) => list.name.toLowerCase() === wanted);
  if (byName) return byName;
  const byId = /^\d+$/.test(wanted) ? lists.find((list) => list.id === Number(wanted)) : undefined;
  if (byId) return byId;
  throw new PinlistError('LIST_NOT_FOUND', `There is no list named "${arg}". See the lists with \`pinlist lists\`, or import one with \`pinlist import FILE --list NAME\`.`);
}

/** A positive whole number option (an import id). */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new PinlistError('USAGE', `${flag} takes a positive whole number, not "${value}".`);
    return n;
  };
}

/** "2025-03-01T09:30:12.345Z" → "2025-03-01 09:30 UTC". */
export function shortTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
