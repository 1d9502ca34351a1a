import { useCallback, useEffect, useRef, useState } from 'react';

export interface Action {
  /** True while a run is going (for the button's `busy`). */
  busy: boolean;
  /** What the last run threw, or null; cleared when the next run starts. */
  error: unknown;
  /**
   * Runs `work`: busy until it settles, the previous error cleared first and whatever it throws
   * kept in `error` (the promise never rejects). Ignored while an earlier run is still going.
   */
  run(work: () => Promise<void>): Promise<void>;
  clearError(): void;
  /** Shows an error from work that does not go through `run` (a switch that saves on its own). */
  showError(error: unknown): void;
}

/**
 * The state of one user action (save, connect, delete…): whether it is running and why it failed.
 * Nothing is set once the component is gone, since the action may outlive a dialog it closed.
 */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A ref, not `busy`: two clicks in one frame both see the state from before the first.
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (work: () => Promise<void>) => {
    // A double-click (or Enter pressed twice) must not send the request twice.
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      if (mounted.current) setError(failure);
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  const showError = useCallback((failure: unknown) => {
    if (mounted.current) setError(failure);
  }, []);
  return { busy, error, run, clearError, showError };
}
