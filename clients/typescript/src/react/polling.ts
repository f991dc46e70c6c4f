import { useEffect, useRef, useState } from 'react';
import type { LiveFeed } from '../live-feed.js';

/** Whether the live stream is connected right now. */
export function useConnected(feed: LiveFeed): boolean {
  const [connected, setConnected] = useState(feed.connected);
  useEffect(() => feed.listen({ onConnection: setConnected }), [feed]);
  return connected;
}

/** Calls `refresh` every `intervalMs` while `enabled`: the fallback while live updates do not come. */
export function usePolling(enabled: boolean, intervalMs: number, refresh: () => unknown): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!enabled || intervalMs <= 0) {
      return undefined;
    }
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs]);
}
