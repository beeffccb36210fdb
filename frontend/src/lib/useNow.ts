import { useSyncExternalStore } from 'react';

// One shared clock for every relative time on screen, ticking every 30 seconds.
let now = new Date();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = new Date();
    timer = setInterval(() => {
      now = new Date();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, refreshed every 30 seconds so relative times stay true. */
export function useNow(): Date {
  return useSyncExternalStore(subscribe, () => now);
}
