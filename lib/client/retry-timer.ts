import { type Backoff } from './backoff';
import { type OnlineSource, type Timers } from './timers';

/** Options for {@link createRetryTimer}. */
export interface RetryTimerOptions {
  timers: Timers;
  now: () => number;
  backoff: Backoff;
  /** Called once when the wait is over: the timer fired or the browser came back online. */
  onRetry: () => void;
  /** Optional "network is back" source; an event during a wait ends the wait at once. */
  onOnline?: OnlineSource;
}

/** One pending reconnect at most; shared by the WebSocket and EventSource clients. */
export interface RetryTimer {
  /**
   * Waits `backoff.delay(attempt)` then calls `onRetry`. Idempotent: while a retry is pending
   * a second call changes nothing and returns the pending due time, so a close followed by an
   * error from the same connection can never schedule two reconnects.
   * @returns the due time (per `now`) of the pending retry.
   */
  schedule(attempt: number): number;
  /** Drops the pending retry, if any. */
  cancel(): void;
  /** Whether a retry is waiting. */
  isPending(): boolean;
  /** Cancels and stops listening to the online source. Final. */
  dispose(): void;
}

/** Creates the single retry slot of a reconnecting client. */
export function createRetryTimer(options: RetryTimerOptions): RetryTimer {
  const { timers, now, backoff, onRetry } = options;
  let handle: { timer: unknown; dueAt: number } | null = null;
  let disposed = false;

  const cancel = (): void => {
    if (!handle) return;
    timers.clearTimeout(handle.timer);
    handle = null;
  };

  const fire = (): void => {
    if (!handle || disposed) return;
    timers.clearTimeout(handle.timer);
    handle = null;
    onRetry();
  };

  // Only a waiting client cares about `online`: a live or connecting one ignores it, which is
  // what keeps an `online` burst from opening a second connection.
  const offOnline = options.onOnline?.(() => fire());

  return {
    schedule(attempt) {
      if (disposed) return now();
      if (handle) return handle.dueAt;
      const delay = backoff.delay(attempt);
      handle = { timer: timers.setTimeout(fire, delay), dueAt: now() + delay };
      return handle.dueAt;
    },
    cancel,
    isPending: () => handle !== null,
    dispose() {
      if (disposed) return;
      cancel();
      disposed = true;
      offOnline?.();
    },
  };
}
