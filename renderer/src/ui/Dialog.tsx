import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { cx } from './cx.js';
import { IconButton } from './Button.js';

const FOCUSABLE_PARTS = ['a[href]', 'button:not([disabled])', 'input:not([disabled])', 'select:not([disabled])', 'textarea:not([disabled])', '[tabindex]:not([tabindex="-1"])'];
const FOCUSABLE = FOCUSABLE_PARTS.join(', ');
/** Focusable elements inside a container (each part of the list scoped to it). */
const within = (container: string) => FOCUSABLE_PARTS.map((part) => `${container} ${part}`).join(', ');

export interface DialogProps {
  open: boolean;
  title: ReactNode;
  /** Why the dialog is there; read out with the title. */
  description?: ReactNode;
  onClose(): void;
  children?: ReactNode;
  /** Buttons, right-aligned at the bottom. */
  footer?: ReactNode;
  /** What gets focus when the dialog opens (the first focusable element otherwise). */
  initialFocus?: RefObject<HTMLElement | null>;
  tone?: 'default' | 'danger';
  size?: 'sm' | 'md' | 'lg';
  /** While true, Esc and the backdrop do not close it (work is in flight). */
  dismissable?: boolean;
}

/**
 * A modal dialog: labelled by its title, focus moves in and is trapped, Esc closes, the page
 * behind is inert, and focus returns to where it was on close.
 */
export function Dialog({ open, title, description, onClose, children, footer, initialFocus, tone = 'default', size = 'md', dismissable = true }: DialogProps) {
  const id = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  const dismissableRef = useRef(dismissable);
  useEffect(() => {
    closeRef.current = onClose;
    dismissableRef.current = dismissable;
  });

  useEffect(() => {
    if (!open) return;
    const previouslyFocused = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    const panel = panelRef.current;
    // The first control of the body, else of the footer (the safe choice comes first there), else the panel.
    const target = initialFocus?.current ?? panel?.querySelector<HTMLElement>(within('.dialog-body')) ?? panel?.querySelector<HTMLElement>(within('.dialog-footer')) ?? panel;
    target?.focus();

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        if (dismissableRef.current) closeRef.current();
        return;
      }
      if (event.key !== 'Tab' || !panel) return;
      const focusable = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.hasAttribute('inert'));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) {
        event.preventDefault();
        return;
      }
      if (event.shiftKey && (document.activeElement === first || document.activeElement === panel)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      root?.removeAttribute('inert');
      previouslyFocused?.focus?.();
    };
  }, [open, initialFocus]);

  if (!open) return null;
  return createPortal(
    <div
      className="dialog-backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget && dismissable) onClose();
      }}
    >
      <div
        ref={panelRef}
        className={cx('dialog', `dialog-${size}`, tone === 'danger' && 'dialog-danger')}
        role={tone === 'danger' ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={description ? `${id}-desc` : undefined}
        tabIndex={-1}
      >
        <header className="dialog-header">
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
          {dismissable && <IconButton icon="close" label="Close" size="sm" onClick={onClose} />}
        </header>
        <div className="dialog-body">
          {description && (
            <div id={`${id}-desc`} className="dialog-desc">
              {description}
            </div>
          )}
          {children}
        </div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}
