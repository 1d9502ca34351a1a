import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload(): void;
}

interface Settled<T> {
  /** The key the data belongs to. */
  key: string;
  /** The request (key and reload count) that produced it. */
  request: string;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads something from the core and keeps it with its error and loading state. A change of
 * `key` starts a new load (and hides the old key's data); `reload()` loads again and keeps the
 * data on screen meanwhile. Answers to superseded loads are dropped.
 */
export function useResource<T>(load: () => Promise<T>, key: readonly unknown[]): Resource<T> {
  const keyString = JSON.stringify(key);
  const [generation, setGeneration] = useState(0);
  const request = `${generation}:${keyString}`;
  const [settled, setSettled] = useState<Settled<T>>({ key: '', request: '', data: undefined, error: null });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const latest = useRef('');

  useEffect(() => {
    latest.current = request;
    loadRef.current().then(
      (data) => {
        if (latest.current === request) setSettled({ key: keyString, request, data, error: null });
      },
      (error: unknown) => {
        if (latest.current === request) setSettled((current) => ({ key: keyString, request, data: current.key === keyString ? current.data : undefined, error }));
      },
    );
  }, [request, keyString]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const sameKey = settled.key === keyString;
  return { data: sameKey ? settled.data : undefined, error: sameKey ? settled.error : null, loading: settled.request !== request, reload };
}
