import type { ReactNode } from 'react';
import { cx } from './cx.js';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent';

export function Badge({ tone = 'neutral', children, className, title }: { tone?: Tone; children: ReactNode; className?: string; title?: string }) {
  return (
    <span className={cx('badge', `tone-${tone}`, className)} title={title}>
      {children}
    </span>
  );
}

/** A state with a coloured dot: "Ready", "Pending", "Failed". The text carries the meaning, not the colour. */
export function StatusPill({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={cx('pill', `tone-${tone}`)} title={title}>
      <span className="pill-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
