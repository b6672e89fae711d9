/**
 * Every timer a simulated driver owns, in one place, so `stop()` can cancel them all and
 * tests can assert that nothing is left running.
 */
import { type TimerHandle, type Timers } from '@/lib/client/timers';

/** A named-slot timer set on top of injectable {@link Timers}. */
export interface TimerBag {
  /** Starts a one-shot timer; returns a key for {@link TimerBag.clear}. */
  set(callback: () => void, ms: number): number;
  /** Cancels one timer; a key that already fired or was cleared is ignored. */
  clear(key: number | null): void;
  /** Cancels every pending timer. */
  clearAll(): void;
  /** Pending timers. */
  readonly size: number;
}

export function createTimerBag(timers: Timers): TimerBag {
  const pending = new Map<number, TimerHandle>();
  let nextKey = 1;
  return {
    set(callback, ms) {
      const key = nextKey++;
      pending.set(key, timers.setTimeout(() => {
        pending.delete(key);
        callback();
      }, Math.max(0, ms)));
      return key;
    },
    clear(key) {
      if (key === null) return;
      const handle = pending.get(key);
      if (handle === undefined) return;
      pending.delete(key);
      timers.clearTimeout(handle);
    },
    clearAll() {
      for (const handle of pending.values()) timers.clearTimeout(handle);
      pending.clear();
    },
    get size() {
      return pending.size;
    },
  };
}
