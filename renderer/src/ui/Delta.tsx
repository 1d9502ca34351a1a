import { formatCount, formatDelta } from '../lib/format.js';

/** A signed change, green when it grows, red when it shrinks, muted at zero. */
export function Delta({ value, className }: { value: number; className?: string }) {
  const tone = value > 0 ? 'delta-plus' : value < 0 ? 'delta-minus' : 'delta-zero';
  return <span className={[tone, className].filter(Boolean).join(' ')}>{formatDelta(value)}</span>;
}

/**
 * "+1,204, −87": what a run added and removed, each with its sign even at zero ("+300, −0"), so a
 * lone "0" is never left to guess at.
 */
export function AddedRemoved({ added, removed }: { added: number; removed: number }) {
  const text = `${formatCount(added)} added, ${formatCount(removed)} removed`;
  return (
    <span className="delta-pair num" title={text} aria-label={text}>
      <span className={added > 0 ? 'delta-plus' : 'delta-zero'}>+{formatCount(added)}</span>,{' '}
      <span className={removed > 0 ? 'delta-minus' : 'delta-zero'}>{'\u2212'}{formatCount(removed)}</span>
    </span>
  );
}
