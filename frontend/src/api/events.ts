import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { throttle } from '../lib/throttle';

/** How often at most the UI refetches after `change` events. */
export const REFRESH_INTERVAL_MS = 500;
/**
 * While the recruiter scrolls, types or clicks, a refresh waits until the input has paused this
 * long: redrawing the table under the wheel or the keyboard costs frames, and what changed can wait
 * a moment. It never waits longer than MAX_HOLD_MS.
 */
export const INPUT_QUIET_MS = 300;
export const MAX_HOLD_MS = 2000;

const INPUT_EVENTS = ['wheel', 'scroll', 'keydown', 'pointerdown', 'touchmove'] as const;

/**
 * Subscribes to /api/events and refetches whatever is on screen when the backend says something
 * changed. Returns whether the stream is connected, for the live indicator.
 */
export function useLiveUpdates(): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    let lastInput = -Infinity;
    const noteInput = () => {
      lastInput = Date.now();
    };
    for (const type of INPUT_EVENTS) window.addEventListener(type, noteInput, { capture: true, passive: true });
    const refresh = throttle(
      () => {
        void queryClient.invalidateQueries();
      },
      REFRESH_INTERVAL_MS,
      { holdFor: () => Math.max(0, lastInput + INPUT_QUIET_MS - Date.now()), maxHoldMs: MAX_HOLD_MS },
    );
    const source = new EventSource('/api/events');
    let wasConnected = false;
    source.onopen = () => {
      setConnected(true);
      // After a reconnect, anything may have changed while the stream was down.
      if (wasConnected) refresh();
      wasConnected = true;
    };
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    source.addEventListener('change', refresh);
    return () => {
      refresh.cancel();
      source.close();
      for (const type of INPUT_EVENTS) window.removeEventListener(type, noteInput, { capture: true });
    };
  }, [queryClient]);

  return connected;
}
