import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { cx } from './cx.js';
import { Icon } from './icons.js';
import { IconButton } from './Button.js';
import type { AlertTone } from './Alert.js';

export interface ToastInput {
  tone?: AlertTone;
  title: string;
  message?: string;
  /** Milliseconds; errors stay until dismissed. */
  duration?: number;
  action?: { label: string; onClick(): void };
}

interface ToastItem extends ToastInput {
  id: number;
}

const ToastContext = createContext<(toast: ToastInput) => void>(() => undefined);

export function useToast(): (toast: ToastInput) => void {
  return useContext(ToastContext);
}

/** Toasts for things that finished elsewhere (an import done while on another screen). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);

  const show = useCallback(
    (toast: ToastInput) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { ...toast, id }]);
      const duration = toast.duration ?? (toast.tone === 'danger' ? 0 : 6000);
      if (duration > 0) setTimeout(() => dismiss(id), duration);
    },
    [dismiss],
  );

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="region" aria-label="Notifications" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={cx('toast', `tone-${toast.tone ?? 'info'}`)} role={toast.tone === 'danger' ? 'alert' : 'status'}>
            <Icon name={toast.tone === 'success' ? 'check' : toast.tone === 'danger' ? 'error' : toast.tone === 'warning' ? 'alert' : 'info'} className="toast-icon" />
            <div className="toast-content">
              <p className="toast-title">{toast.title}</p>
              {toast.message && <p className="toast-message">{toast.message}</p>}
              {toast.action && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    toast.action?.onClick();
                    dismiss(toast.id);
                  }}
                >
                  {toast.action.label}
                </button>
              )}
            </div>
            <IconButton icon="close" label="Dismiss notification" size="sm" onClick={() => dismiss(toast.id)} />
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
