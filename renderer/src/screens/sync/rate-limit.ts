import { useEffect, useState } from 'react';

/** "… rate limited: waiting 12 s" → 12. The sync engine says how long it waits in the progress detail. */
export function waitSecondsIn(detail: string | null | undefined): number | null {
  if (!detail) return null;
  const match = /waiting\s+(\d+(?:\.\d+)?)\s*s\b/i.exec(detail);
  return match ? Math.ceil(Number(match[1])) : null;
}

/**
 * A countdown from the wait announced in the latest progress detail: it ticks down every second
 * locally, and starts again when a new progress event announces a new wait.
 */
export function useWaitCountdown(detail: string | null | undefined, eventKey: unknown): number | null {
  const announced = waitSecondsIn(detail);
  const [tick, setTick] = useState<{ source: unknown; left: number } | null>(null);
  useEffect(() => {
    if (announced === null) return;
    const startedAt = Date.now();
    const timer = setInterval(() => {
      const left = Math.max(0, announced - Math.floor((Date.now() - startedAt) / 1000));
      setTick({ source: eventKey, left });
      if (left === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [announced, eventKey]);
  if (announced === null) return null;
  return tick && tick.source === eventKey ? tick.left : announced;
}
