import type { ReactNode } from 'react';
import { cx } from './cx.js';
import { Icon, type IconName } from './icons.js';

export interface PageHeaderProps {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  /** A link back up ("← Lists"). */
  back?: { href: string; label: string };
  meta?: ReactNode;
}

export function PageHeader({ title, description, actions, back, meta }: PageHeaderProps) {
  return (
    <header className="page-header">
      {back && (
        <a className="back-link" href={back.href}>
          <Icon name="chevronLeft" size={16} />
          {back.label}
        </a>
      )}
      <div className="page-header-row">
        <div className="page-header-text">
          <h1 className="page-title">{title}</h1>
          {description && <p className="page-description">{description}</p>}
          {meta && <div className="page-meta">{meta}</div>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
    </header>
  );
}

export interface CardProps {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Section heading level inside a page (h2 by default). */
  level?: 2 | 3;
  padded?: boolean;
  'aria-label'?: string;
  'data-testid'?: string;
}

export function Card({ title, description, actions, children, className, level = 2, padded = true, ...rest }: CardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={cx('card', !padded && 'card-flush', className)} aria-label={rest['aria-label']} data-testid={rest['data-testid']}>
      {(title || actions) && (
        <div className="card-header">
          <div>
            {title && <Heading className="card-title">{title}</Heading>}
            {description && <p className="card-description">{description}</p>}
          </div>
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

export interface EmptyStateProps {
  icon?: IconName;
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  compact?: boolean;
}

export function EmptyState({ icon = 'file', title, children, actions, compact }: EmptyStateProps) {
  return (
    <div className={cx('empty-state', compact && 'is-compact')}>
      <div className="empty-icon">
        <Icon name={icon} size={compact ? 22 : 28} />
      </div>
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
      {actions && <div className="empty-actions">{actions}</div>}
    </div>
  );
}

export interface StatProps {
  label: ReactNode;
  /** Already formatted (formatCount / formatDelta). */
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'default' | 'success' | 'danger' | 'warning' | 'muted';
  size?: 'md' | 'lg';
  'data-testid'?: string;
}

/** A big number with its label under it. Figures are tabular so rows of stats line up. */
export function Stat({ label, value, hint, tone = 'default', size = 'md', ...rest }: StatProps) {
  return (
    <div className={cx('stat', `stat-${tone}`, size === 'lg' && 'stat-lg')} data-testid={rest['data-testid']}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value">{value}</dd>
      {hint && <dd className="stat-hint">{hint}</dd>}
    </div>
  );
}

/** A row of Stats (a <dl>, so each number is read with its label). */
export function StatGrid({ children, className, label }: { children: ReactNode; className?: string; label?: string }) {
  return (
    <dl className={cx('stat-grid', className)} aria-label={label}>
      {children}
    </dl>
  );
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

/** Label/value pairs: "Account: @shop", "Expires: in 29 days". */
export function DefinitionList({ items, className }: { items: readonly { label: ReactNode; value: ReactNode; key?: string }[]; className?: string }) {
  return (
    <dl className={cx('deflist', className)}>
      {items.map((item, index) => (
        <div key={item.key ?? index} className="deflist-row">
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
