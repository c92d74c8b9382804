// A time as "3 h ago", kept current, with the exact time on hover and for assistive technology.

import { useSyncExternalStore } from 'react';
import { exactTime, relativeTime } from './format.ts';

// One shared clock for every relative time on the page, ticking every 15 s.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    // The clock stood still while no time was shown (an empty stream, say): the first times to
    // appear are read against the time now, not then, or a new event would show as "in 40 s".
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 15_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

export function RelativeTime({ iso }: { iso: string }) {
  const nowMs = useNow();
  const exact = exactTime(iso);
  return (
    <time dateTime={iso} title={exact} className="reltime">
      {relativeTime(iso, Math.max(nowMs, Date.now() - 60_000))}
    </time>
  );
}
