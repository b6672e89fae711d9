import { createStateStore } from './state-store';
import { type BackoffOptions, createBackoff } from './backoff';
import { ClientError } from './errors';
import { type ClientFrame, type ServerFrame, parseServerFrame, readConnectionId, readHeartbeatMs } from './frames';
import { type RetryTimer, createRetryTimer } from './retry-timer';
import { type OnlineSource, type Timers, defaultNow, defaultOnlineSource, defaultTimers } from './timers';

/** The part of the browser `WebSocket` this client uses; the real one satisfies it. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A constructor shaped like the browser's `WebSocket`. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Public status; `closed` covers both "waiting to retry" and "closed for good". */
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

/** Immutable snapshot, replaced on every change (so `useSyncExternalStore` can compare by identity). */
export interface ReconnectingSocketState {
  readonly status: ConnectionStatus;
  /** Consecutive failed connections; back to 0 once a connection stays open `stableAfterMs`. */
  readonly attempt: number;
  /** When the pending reconnect is due (per `now`), or null when none is pending. */
  readonly nextRetryAt: number | null;
  /** Why the last connection ended, e.g. `1012 service restart`, `error`, `heartbeat timeout`. */
  readonly closeReason: string | null;
  /** From the server's `hello`; null until the current connection has said hello. */
  readonly connectionId: string | null;
}

/** Options for {@link createReconnectingSocket}. */
export interface ReconnectingSocketOptions {
  /** Absolute ws(s) URL, or a function read on every (re)connect. */
  url: string | (() => string);
  /** Defaults to `globalThis.WebSocket`. */
  WebSocketImpl?: WebSocketConstructor;
  timers?: Timers;
  /** Uniform [0, 1] source for the backoff jitter. */
  random?: () => number;
  now?: () => number;
  /** Ends a backoff wait early; defaults to the window `online` event. */
  onOnline?: OnlineSource;
  /** Body of the `resume` frame sent first on every open. Must not throw. */
  getResume?: () => Record<string, unknown>;
  /** Every server frame, including `hello` and `ping` (already handled internally). */
  onMessage?: (frame: ServerFrame) => void;
  /** Unreadable frames and outbox overflow; the connection stays up. */
  onError?: (error: ClientError) => void;
  /** Backoff resets only after a connection stayed open this long. Default 5000. */
  stableAfterMs?: number;
  /** Frames kept while not open; the oldest is dropped beyond this. Default 200. */
  maxOutbox?: number;
  /** Heartbeat interval assumed until a `hello` says otherwise (then kept across reconnects). Default 30000. */
  heartbeatMs?: number;
  backoff?: Omit<BackoffOptions, 'random'>;
}

/** What {@link ReconnectingSocket.send} did with a frame. */
export type SendResult = 'sent' | 'queued' | 'dropped';

/** A WebSocket that reconnects with backoff, resumes, and never has two live connections. */
export interface ReconnectingSocket {
  getState(): ReconnectingSocketState;
  /** @returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Opens the first connection. No-op after the first call or after `close()`. */
  start(): void;
  /** Sends now when open, else queues (bounded) for right after the next `resume`. */
  send(frame: ClientFrame): SendResult;
  /** Final: closes the connection, clears every timer and listener; no reconnect follows. */
  close(): void;
}

const WS_OPEN = 1;
const WS_CLOSED = 3;
/** Two silent intervals mean a dead connection (API.md, heartbeat). */
const SILENT_INTERVALS = 2;

/** Creates a reconnecting WebSocket client. Nothing happens until `start()`. */
export function createReconnectingSocket(options: ReconnectingSocketOptions): ReconnectingSocket {
  const WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
  if (typeof WebSocketImpl !== 'function') {
    throw new ClientError('UNSUPPORTED', 'no WebSocket implementation available');
  }
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? defaultNow;
  const stableAfterMs = options.stableAfterMs ?? 5000;
  const maxOutbox = options.maxOutbox ?? 200;
  const backoff = createBackoff({ ...options.backoff, random: options.random });

  const store = createStateStore<ReconnectingSocketState>({
    status: 'closed', attempt: 0, nextRetryAt: null, closeReason: null, connectionId: null,
  });
  const outbox: string[] = [];
  let heartbeatMs = options.heartbeatMs ?? 30_000;
  let started = false;
  let stopped = false;
  /** The one live socket. Every callback checks it, so a stale socket's events are dropped. */
  let current: WebSocketLike | null = null;
  let watchdog: unknown = null;
  let stableTimer: unknown = null;
  let retry: RetryTimer | null = null;

  const setState = store.set;

  function clearTimer(handle: unknown): null {
    if (handle !== null) timers.clearTimeout(handle);
    return null;
  }

  /** (Re)arms the silence watchdog: any frame counts as life. */
  function armWatchdog(socket: WebSocketLike): void {
    watchdog = clearTimer(watchdog);
    watchdog = timers.setTimeout(() => {
      watchdog = null;
      if (socket === current) connectionLost('heartbeat timeout');
    }, heartbeatMs * SILENT_INTERVALS);
  }

  /**
   * The one close path: detaches the live socket's callbacks, stops its timers and closes it.
   * Detaching first means the close we cause here never comes back as a "lost" event.
   */
  function dropSocket(code: number, reason: string): void {
    watchdog = clearTimer(watchdog);
    stableTimer = clearTimer(stableTimer);
    const socket = current;
    current = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    if (socket.readyState !== WS_CLOSED) {
      try {
        socket.close(code, reason);
      } catch {
        // close() throws only on an invalid code/reason; the socket is detached either way.
      }
    }
  }

  /** The live socket failed (close, error or silence): drop it and wait for one retry. */
  function connectionLost(reason: string): void {
    // A fixed close reason: the server's own reason may exceed the 123-byte limit of close().
    dropSocket(4000, 'connection lost');
    if (stopped || !retry || retry.isPending()) return;
    const nextRetryAt = retry.schedule(store.get().attempt);
    setState({ status: 'closed', closeReason: reason, attempt: store.get().attempt + 1, nextRetryAt, connectionId: null });
  }

  function sendRaw(socket: WebSocketLike, frame: ClientFrame): void {
    socket.send(JSON.stringify(frame));
  }

  function handleOpen(socket: WebSocketLike): void {
    // `type` last so a resume body can never rename the frame.
    sendRaw(socket, { ...options.getResume?.(), type: 'resume' });
    // Flush in order, emptying the outbox in one step so no frame can be sent twice.
    for (const data of outbox.splice(0)) socket.send(data);
    stableTimer = timers.setTimeout(() => {
      stableTimer = null;
      setState({ attempt: 0 });
    }, stableAfterMs);
    // State last in every transition: listeners then see a client that is fully consistent.
    setState({ status: 'open', nextRetryAt: null, closeReason: null });
  }

  function handleMessage(socket: WebSocketLike, data: unknown): void {
    armWatchdog(socket);
    const frame = parseServerFrame(data);
    if (frame instanceof ClientError) {
      options.onError?.(frame);
      return;
    }
    if (frame.type === 'hello') {
      heartbeatMs = readHeartbeatMs(frame) ?? heartbeatMs;
      armWatchdog(socket);
      setState({ connectionId: readConnectionId(frame) });
    } else if (frame.type === 'ping') {
      sendRaw(socket, { type: 'pong' });
    }
    options.onMessage?.(frame);
  }

  function connect(): void {
    if (stopped) return;
    retry?.cancel();
    dropSocket(1000, 'reconnecting');
    const url = typeof options.url === 'function' ? options.url() : options.url;
    let socket: WebSocketLike;
    try {
      socket = new WebSocketImpl(url);
    } catch (error) {
      // A malformed URL throws synchronously; treat it like any failed connection.
      connectionLost(error instanceof Error ? error.message : 'connect failed');
      return;
    }
    current = socket;
    socket.onopen = () => { if (socket === current) handleOpen(socket); };
    socket.onmessage = (event) => { if (socket === current) handleMessage(socket, event.data); };
    socket.onclose = (event) => {
      if (socket === current) connectionLost(`${event.code} ${event.reason}`.trim());
    };
    // The browser hides why a socket failed (a 401 upgrade looks like any network error),
    // so an error is simply a lost connection; the close event that follows is stale by then.
    socket.onerror = () => { if (socket === current) connectionLost('error'); };
    // Armed while connecting too: a handshake that hangs counts as silence.
    armWatchdog(socket);
    setState({ status: 'connecting', nextRetryAt: null, connectionId: null });
  }

  return {
    getState: store.get,
    subscribe(listener) {
      if (stopped) return () => {};
      return store.subscribe(listener);
    },
    start() {
      if (started || stopped) return;
      started = true;
      retry = createRetryTimer({
        timers, now, backoff, onRetry: connect, onOnline: options.onOnline ?? defaultOnlineSource,
      });
      connect();
    },
    send(frame) {
      if (stopped) return 'dropped';
      if (current && store.get().status === 'open' && current.readyState === WS_OPEN) {
        sendRaw(current, frame);
        return 'sent';
      }
      outbox.push(JSON.stringify(frame));
      if (outbox.length > maxOutbox) {
        const dropped = outbox.shift();
        options.onError?.(new ClientError('OUTBOX_OVERFLOW', 'outbox full; oldest frame dropped', dropped));
      }
      return 'queued';
    },
    close() {
      if (stopped) return;
      stopped = true;
      retry?.dispose();
      dropSocket(1000, 'client closed');
      outbox.length = 0;
      setState({ status: 'closed', nextRetryAt: null, closeReason: 'client closed', connectionId: null });
      store.clearListeners();
    },
  };
}
