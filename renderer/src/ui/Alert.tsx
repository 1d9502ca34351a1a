import type { ReactNode } from 'react';
import { cx } from './cx.js';
import { Icon, type IconName } from './icons.js';
import { IconButton } from './Button.js';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

const ICON: Record<AlertTone, IconName> = { info: 'info', success: 'check', warning: 'alert', danger: 'error' };

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  /** Buttons that fix the problem ("Reconnect", "Try again"). */
  actions?: ReactNode;
  onDismiss?: () => void;
  className?: string;
}

/**
 * A message shown where something happened. Errors and warnings are announced at once
 * (role="alert"); information politely (role="status").
 */
export function Alert({ tone = 'info', title, children, actions, onDismiss, className }: AlertProps) {
  const urgent = tone === 'danger' || tone === 'warning';
  return (
    <div className={cx('alert', `tone-${tone}`, className)} role={urgent ? 'alert' : 'status'}>
      <Icon name={ICON[tone]} size={18} className="alert-icon" />
      <div className="alert-content">
        {title && <p className="alert-title">{title}</p>}
        {children && <div className="alert-body">{children}</div>}
        {actions && <div className="alert-actions">{actions}</div>}
      </div>
      {onDismiss && <IconButton icon="close" label="Dismiss" size="sm" onClick={onDismiss} className="alert-dismiss" />}
    </div>
  );
}

/** An error from the core, shown with its message (written to say what to do next). */
export function ErrorAlert({ error, title = 'Something went wrong', actions, onDismiss }: { error: unknown; title?: ReactNode; actions?: ReactNode; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <Alert tone="danger" title={title} actions={actions} onDismiss={onDismiss}>
      {errorMessage(error)}
    </Alert>
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && 'message' in error && typeof (error as { message: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return 'Unexpected error. Try again; if it keeps happening, restart Pinlist.';
}

export function errorCode(error: unknown): string | null {
  return error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'string' ? (error as { code: string }).code : null;
}
