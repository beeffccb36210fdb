import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { throttle } from '../lib/throttle';

/** How often at most the UI refetches after `change` events. */
export const REFRESH_INTERVAL_MS = 500;

/**
 * Subscribes to /api/events and refetches whatever is on screen when the backend says something
 * changed. Returns whether the stream is connected, for the live indicator.
 */
export function useLiveUpdates(): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const refresh = throttle(() => {
      void queryClient.invalidateQueries();
    }, REFRESH_INTERVAL_MS);
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
    };
  }, [queryClient]);

  return connected;
}
