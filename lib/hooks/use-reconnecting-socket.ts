import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type ClientFrame } from '@/lib/client/frames';
import {
  type ReconnectingSocket, type ReconnectingSocketOptions, type ReconnectingSocketState, type SendResult,
  createReconnectingSocket,
} from '@/lib/client/reconnecting-socket';
import { toWebSocketUrl } from '@/lib/client/urls';
import { createClientBridge } from './client-bridge';

/** Options of {@link useReconnectingSocket}. */
export interface UseReconnectingSocketOptions extends Omit<ReconnectingSocketOptions, 'url'> {
  /** `/ws` for the page's own origin (becomes ws(s)://host/ws), or an absolute URL. Changing it reconnects. */
  url: string;
  /** `false` keeps the socket closed (e.g. before sign-in). Changing it connects/disconnects. Default true. */
  enabled?: boolean;
}

/** What {@link useReconnectingSocket} returns. */
export interface UseReconnectingSocketResult {
  state: ReconnectingSocketState;
  /** Stable identity. Sends or queues; `dropped` while no connection exists (disabled, unmounted). */
  send: (frame: ClientFrame) => SendResult;
}

/** Shown before the first effect: the connection is about to open. */
const INITIAL: ReconnectingSocketState = Object.freeze({
  status: 'connecting', attempt: 0, nextRetryAt: null, closeReason: null, connectionId: null,
});
/** Shown when disabled before any connection existed. */
const DISABLED: ReconnectingSocketState = Object.freeze({
  status: 'closed', attempt: 0, nextRetryAt: null, closeReason: null, connectionId: null,
});

/**
 * Keeps one reconnecting WebSocket for the component's life.
 *
 * Only `url` and `enabled` reconnect. Handlers (`onMessage`, `getResume`, `onError`) are read
 * through a ref on every call, so inline arrows are fine; the other options are read when a
 * connection is created. The socket lives in an effect and is closed in its cleanup: under
 * StrictMode's double mount the first client is closed before the second opens.
 */
export function useReconnectingSocket(options: UseReconnectingSocketOptions): UseReconnectingSocketResult {
  const { url, enabled = true } = options;
  const latest = useRef(options);
  // A layout effect, not a render-time write: it runs before the connecting effect below
  // and before any network event can be delivered.
  useLayoutEffect(() => {
    latest.current = options;
  });

  const [bridge] = useState(() => createClientBridge<ReconnectingSocketState, ReconnectingSocket>(INITIAL));
  const current = useSyncExternalStore(bridge.subscribe, bridge.getSnapshot, bridge.getSnapshot);
  // A client closed by disabling keeps its final snapshot; never-connected shows DISABLED.
  const state = enabled || current.status === 'closed' ? current : DISABLED;

  useEffect(() => {
    if (!enabled) return;
    const { url: _url, enabled: _enabled, onMessage: _m, getResume: _r, onError: _e, ...rest } = latest.current;
    const client = createReconnectingSocket({
      ...rest,
      url: () => toWebSocketUrl(url, typeof window === 'undefined' ? undefined : window.location),
      onMessage: (frame) => latest.current.onMessage?.(frame),
      getResume: () => latest.current.getResume?.() ?? {},
      onError: (error) => latest.current.onError?.(error),
    });
    // Start first, so the bridge never shows the not-yet-started `closed` snapshot.
    client.start();
    bridge.attach(client);
    return () => {
      client.close();
      bridge.detach(client);
    };
  }, [bridge, url, enabled]);

  const send = useCallback((frame: ClientFrame) => bridge.current()?.send(frame) ?? 'dropped', [bridge]);
  return { state, send };
}
