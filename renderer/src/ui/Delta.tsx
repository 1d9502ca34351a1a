import { formatDelta } from '../lib/format.js';

/** A signed change, green when it grows, red when it shrinks, muted at zero. */
export function Delta({ value, className }: { value: number; className?: string }) {
  const tone = value > 0 ? 'delta-plus' : value < 0 ? 'delta-minus' : 'delta-zero';
  return <span className={[tone, className].filter(Boolean).join(' ')}>{formatDelta(value)}</span>;
}
