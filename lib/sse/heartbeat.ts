/**
 * One keep-alive timer shared by every SSE stream in the process.
 *
 * A timer per stream costs a timer object and a closure per connection and wakes the event
 * loop once per stream; one shared interval wakes it once per period for all of them.
 */

/** A shared ticker; each registered stream's `tick` runs once per interval. */
export interface Heartbeat {
  /** Registers `tick`; the returned function unregisters it (idempotent). */
  add(tick: () => void): () => void;
  /** Registered ticks; 0 means no timer is running. */
  size(): number;
  /** Unregisters everything and stops the timer; later `add` calls register nothing. */
  close(): void;
}

/**
 * Creates a heartbeat that ticks every `intervalMs`. The interval exists only while at least
 * one tick is registered, and is unref'd so an idle heartbeat never keeps the process alive.
 *
 * The phase is shared, so a newly added stream gets its first tick within `intervalMs`, never
 * later: the "a comment at least every interval" guarantee holds from the moment of `add`.
 */
export function createHeartbeat(intervalMs: number): Heartbeat {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new RangeError(`heartbeat interval must be a positive number, got ${intervalMs}`);
  }
  // Entries are wrapper objects, not the functions themselves, so that adding the same
  // function twice yields two registrations that remove independently.
  const entries = new Set<{ tick: () => void }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const run = (): void => {
    // A Set iterator skips entries deleted mid-loop, so a tick that removes itself (or
    // another stream) during the loop is safe.
    for (const entry of entries) {
      try {
        entry.tick();
      } catch {
        // One broken stream must not starve every other stream of its keep-alive.
      }
    }
  };

  const stop = (): void => {
    if (timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  return {
    add(tick) {
      if (closed) return () => {};
      const entry = { tick };
      entries.add(entry);
      if (timer === undefined) {
        timer = setInterval(run, intervalMs);
        // Node returns a Timeout with unref(); other runtimes may return a number.
        if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
      }
      return () => {
        if (entries.delete(entry) && entries.size === 0) stop();
      };
    },
    size: () => entries.size,
    close() {
      closed = true;
      entries.clear();
      stop();
    },
  };
}
