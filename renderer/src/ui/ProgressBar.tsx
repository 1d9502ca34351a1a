import { cx } from './cx.js';

export interface ProgressBarProps {
  label: string;
  /** Null: indeterminate (the total is not known yet). */
  value: number | null;
  max?: number | null;
  /** Read out instead of the percentage, e.g. "120,000 of 1,000,000 rows". */
  valueText?: string;
  tone?: 'accent' | 'success' | 'danger';
  size?: 'sm' | 'md';
  className?: string;
}

export function ProgressBar({ label, value, max, valueText, tone = 'accent', size = 'md', className }: ProgressBarProps) {
  const determinate = value !== null && max !== null && max !== undefined && max > 0;
  const fraction = determinate ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div
      className={cx('progress', `progress-${tone}`, size === 'sm' && 'progress-sm', !determinate && 'is-indeterminate', className)}
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? 100 : undefined}
      aria-valuenow={determinate ? Math.round(fraction * 100) : undefined}
      aria-valuetext={valueText}
    >
      {/* Width through the CSSOM (a React style prop), which the strict CSP allows. */}
      <div className="progress-fill" style={determinate ? { width: `${fraction * 100}%` } : undefined} />
    </div>
  );
}
