import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { throttle } from '../lib/throttle';
import { invalidateTopics, LOCAL_TOPICS, topicsOfChange, type Topic } from './topics';

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
 * Subscribes to /api/events and, when the backend says what changed, refetches the answers of
 * those topics that are on screen (and marks the others out of date). Topics arriving between two
 * refreshes are gathered into the next one. Returns whether the stream is connected, for the live
 * indicator.
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
    const changed = new Set<Topic>();
    const refresh = throttle(
      () => {
        const topics = [...changed];
        changed.clear();
        void invalidateTopics(queryClient, topics);
      },
      REFRESH_INTERVAL_MS,
      { holdFor: () => Math.max(0, lastInput + INPUT_QUIET_MS - Date.now()), maxHoldMs: MAX_HOLD_MS },
    );
    const source = new EventSource('/api/events');
    let wasConnected = false;
    source.onopen = () => {
      setConnected(true);
      // After a reconnect, anything of our own may have changed while the stream was down.
      if (wasConnected) {
        for (const topic of LOCAL_TOPICS) changed.add(topic);
        refresh();
      }
      wasConnected = true;
    };
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    source.addEventListener('change', (event) => {
      for (const topic of topicsOfChange((event as MessageEvent).data)) changed.add(topic);
      if (changed.size > 0) refresh();
    });
    return () => {
      refresh.cancel();
      source.close();
      for (const type of INPUT_EVENTS) window.removeEventListener(type, noteInput, { capture: true });
    };
  }, [queryClient]);

  return connected;
}
