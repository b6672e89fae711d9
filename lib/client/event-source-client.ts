import { createStateStore } from './state-store';
import { type BackoffOptions, createBackoff } from './backoff';
import { ClientError } from './errors';
import { type RetryTimer, createRetryTimer } from './retry-timer';
import { type OnlineSource, type Timers, defaultNow, defaultOnlineSource, defaultTimers } from './timers';
import { withLastEventId } from './urls';

/** The part of the browser `EventSource` this client uses; the real one satisfies it. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** A constructor shaped like the browser's `EventSource`. */
export type EventSourceConstructor = new (url: string, init?: EventSourceInit) => EventSourceLike;

/** Immutable snapshot, replaced on every change. */
export interface EventSourceState {
  /** `connecting` also while the browser retries on its own after a network error. */
  readonly status: 'connecting' | 'open' | 'closed';
  /** Consecutive reopens by this client; back to 0 after a stable open. */
  readonly attempt: number;
  /** When the pending reopen is due (per `now`), or null. */
  readonly nextRetryAt: number | null;
  /** Id of the last event received, sent as `?lastEventId=` when this client reopens. */
  readonly lastEventId: string | null;
}

/** Options for {@link createEventSourceClient}. */
export interface EventSourceClientOptions {
  /** Stream URL (relative is fine in the browser), or a function read on every open. */
  url: string | (() => string);
  /** Named SSE events to listen for, e.g. `['ride', 'location']`. */
  events: readonly string[];
  /** Each event with its JSON-parsed data and its id (empty string when the server sent none). */
  onEvent: (type: string, data: unknown, id: string) => void;
  /** Events whose data is not JSON; the stream stays open. */
  onError?: (error: ClientError) => void;
  /** Defaults to `globalThis.EventSource`. */
  EventSourceImpl?: EventSourceConstructor;
  /** Needed only for a cross-origin stream; same-origin requests send the cookie anyway. */
  withCredentials?: boolean;
  /** Resume point for the first open, e.g. kept from an earlier client. */
  lastEventId?: string;
  timers?: Timers;
  random?: () => number;
  now?: () => number;
  /** Ends a backoff wait early; defaults to the window `online` event. */
  onOnline?: OnlineSource;
  /** Backoff resets only after a stream stayed open this long. Default 5000. */
  stableAfterMs?: number;
  backoff?: Omit<BackoffOptions, 'random'>;
}

/** An EventSource that is reopened with backoff when the browser gives up on it. */
export interface EventSourceClient {
  getState(): EventSourceState;
  /** @returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Opens the stream. No-op after the first call or after `close()`. */
  start(): void;
  /** Final: closes the stream, clears every timer and listener. */
  close(): void;
}

const ES_CLOSED = 2;

/**
 * Creates an SSE client. The browser retries network errors itself (readyState CONNECTING,
 * honouring the server's `retry:`) and this client lets it; but after a 401, a 5xx or a wrong
 * content type the browser goes CLOSED for good, and only then does this client reopen,
 * with full-jitter backoff and `?lastEventId=` (the browser sends `Last-Event-ID` only on
 * its own retries, never on a new EventSource).
 */
export function createEventSourceClient(options: EventSourceClientOptions): EventSourceClient {
  const EventSourceImpl = options.EventSourceImpl ?? globalThis.EventSource;
  if (typeof EventSourceImpl !== 'function') {
    throw new ClientError('UNSUPPORTED', 'no EventSource implementation available');
  }
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? defaultNow;
  const stableAfterMs = options.stableAfterMs ?? 5000;
  const backoff = createBackoff({ ...options.backoff, random: options.random });

  const store = createStateStore<EventSourceState>({
    status: 'closed', attempt: 0, nextRetryAt: null, lastEventId: options.lastEventId ?? null,
  });
  let started = false;
  let stopped = false;
  /** The one live source; callbacks from any other are stale and dropped. */
  let current: { source: EventSourceLike; detach: () => void } | null = null;
  let stableTimer: unknown = null;
  let retry: RetryTimer | null = null;

  const setState = store.set;

  function clearStableTimer(): void {
    if (stableTimer !== null) timers.clearTimeout(stableTimer);
    stableTimer = null;
  }

  /** The one close path: detach every callback first, then close. */
  function dropSource(): void {
    clearStableTimer();
    const live = current;
    current = null;
    if (!live) return;
    live.detach();
    live.source.close();
  }

  function handleEvent(type: string, event: MessageEvent): void {
    const id = event.lastEventId;
    // An event without `id:` repeats the previous id in browsers; only a non-empty one moves us.
    if (id) setState({ lastEventId: id });
    let data: unknown;
    try {
      data = JSON.parse(String(event.data));
    } catch {
      options.onError?.(new ClientError('INVALID_EVENT_DATA', `"${type}" event data is not JSON`, event.data));
      return;
    }
    options.onEvent(type, data, id);
  }

  function handleError(source: EventSourceLike): void {
    clearStableTimer();
    if (source.readyState !== ES_CLOSED) {
      // The browser is retrying by itself; a second EventSource now would double the stream.
      setState({ status: 'connecting' });
      return;
    }
    dropSource();
    scheduleReopen();
  }

  /** Idempotent: one pending reopen at most, however many failures report it. */
  function scheduleReopen(): void {
    if (stopped || !retry || retry.isPending()) return;
    const nextRetryAt = retry.schedule(store.get().attempt);
    setState({ status: 'closed', attempt: store.get().attempt + 1, nextRetryAt });
  }

  function open(): void {
    if (stopped) return;
    retry?.cancel();
    dropSource();
    const base = typeof options.url === 'function' ? options.url() : options.url;
    const { lastEventId } = store.get();
    const url = lastEventId ? withLastEventId(base, lastEventId) : base;
    let source: EventSourceLike;
    try {
      source = new EventSourceImpl(url, { withCredentials: options.withCredentials ?? false });
    } catch {
      // A malformed URL throws synchronously; back off like any failed open.
      scheduleReopen();
      return;
    }
    const named = options.events.map((type) => {
      const listener = (event: MessageEvent): void => {
        if (source === current?.source) handleEvent(type, event);
      };
      source.addEventListener(type, listener);
      return { type, listener };
    });
    current = {
      source,
      detach: () => {
        source.onopen = source.onerror = null;
        for (const { type, listener } of named) source.removeEventListener(type, listener);
      },
    };
    source.onopen = () => {
      if (source !== current?.source) return;
      clearStableTimer();
      stableTimer = timers.setTimeout(() => {
        stableTimer = null;
        setState({ attempt: 0 });
      }, stableAfterMs);
      setState({ status: 'open', nextRetryAt: null });
    };
    source.onerror = () => { if (source === current?.source) handleError(source); };
    setState({ status: 'connecting', nextRetryAt: null });
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
        timers, now, backoff, onRetry: open, onOnline: options.onOnline ?? defaultOnlineSource,
      });
      open();
    },
    close() {
      if (stopped) return;
      stopped = true;
      retry?.dispose();
      dropSource();
      setState({ status: 'closed', nextRetryAt: null });
      store.clearListeners();
    },
  };
}
