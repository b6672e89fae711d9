import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  type EventSourceClient, type EventSourceClientOptions, type EventSourceState, createEventSourceClient,
} from '@/lib/client/event-source-client';
import { createClientBridge } from './client-bridge';

/** Options of {@link useEventSource}. */
export interface UseEventSourceOptions extends Omit<EventSourceClientOptions, 'url'> {
  /** Stream URL, e.g. `/api/surge/stream`. Changing it reopens. */
  url: string;
  /** `false` keeps the stream closed. Default true. */
  enabled?: boolean;
}

/** Shown before the first effect: the connection is about to open. */
const INITIAL: EventSourceState = Object.freeze({
  status: 'connecting', attempt: 0, nextRetryAt: null, lastEventId: null,
});
/** Shown when disabled before any connection existed. */
const DISABLED: EventSourceState = Object.freeze({
  status: 'closed', attempt: 0, nextRetryAt: null, lastEventId: null,
});

/**
 * Keeps one EventSource for the component's life and returns its status.
 *
 * Only `url`, `enabled` and the set of `events` reopen the stream; `onEvent`/`onError` are
 * read through a ref, so inline arrows are fine. Closed in the effect cleanup, so StrictMode's
 * double mount never leaves two streams open.
 */
export function useEventSource(options: UseEventSourceOptions): EventSourceState {
  const { url, enabled = true } = options;
  // Compare the event list by value: callers usually pass a fresh array literal.
  const eventsKey = options.events.join('\n');
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  const [bridge] = useState(() => createClientBridge<EventSourceState, EventSourceClient>(INITIAL));
  const current = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot, bridge.getSnapshot);
  // A client closed by disabling keeps its final snapshot; never-connected shows DISABLED.
  const state = enabled || current.status === 'closed' ? current : DISABLED;

  useEffect(() => {
    if (!enabled) return;
    const { url: _url, enabled: _enabled, onEvent: _v, onError: _e, ...rest } = latest.current;
    const client = createEventSourceClient({
      ...rest,
      url,
      events: eventsKey.split('\n').filter(Boolean),
      onEvent: (type, data, id) => latest.current.onEvent(type, data, id),
      onError: (error) => latest.current.onError?.(error),
    });
    // Start first, so the bridge never shows the not-yet-started `closed` snapshot.
    client.start();
    bridge.attach(client);
    return () => {
      client.close();
      bridge.detach(client);
    };
  }, [bridge, url, enabled, eventsKey]);

  return state;
}
