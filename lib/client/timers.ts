/**
 * Injectable clock and timers. The clients take these instead of reaching for globals so
 * tests (and non-window hosts) can drive time; the defaults read `globalThis` at call time
 * so fake timers installed after import (vitest `vi.useFakeTimers()`) are still honoured.
 */

/** Opaque handle returned by {@link Timers.setTimeout}. */
export type TimerHandle = unknown;

/** The two timer functions the clients need, shaped like the browser's. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

type GlobalClearArg = Parameters<typeof globalThis.clearTimeout>[0];

/** Timers backed by `globalThis`, looked up on every call. */
export const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as GlobalClearArg),
};

/** Default clock; `Date.now` is looked up per call for the same reason as the timers. */
export const defaultNow = (): number => Date.now();

/**
 * Subscribes to "the network is back" notifications; returns the unsubscribe.
 * The browser's `online` event is only a hint (it may fire on a captive portal), which is
 * fine here: it only shortens a backoff wait, it never bypasses the backoff logic itself.
 */
export type OnlineSource = (callback: () => void) => () => void;

/** The window `online` event when a window exists, otherwise a source that never fires. */
export const defaultOnlineSource: OnlineSource = (callback) => {
  if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') {
    return () => {};
  }
  window.addEventListener('online', callback);
  return () => window.removeEventListener('online', callback);
};
