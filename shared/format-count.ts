let numberFormat: Intl.NumberFormat | undefined;

/**
 * Thousands separators for the figures people read ("1,234,567"), as en-US Intl gives them.
 * Counts are grouped by hand: the first Intl.NumberFormat of a process loads ICU's locale data,
 * 12 to 35 ms of every `pinlist lists` and of an import's first progress report. Anything else
 * (fractions, huge or odd values) still goes through Intl, made on first need.
 */
export function formatCount(value: number): string {
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ',');
    return value < 0 ? `-${digits}` : digits;
  }
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(value);
}
