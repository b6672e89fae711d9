/**
 * `onAbort(signal, callback)`: many callbacks on one signal through a single native listener.
 *
 * Every SSE stream watches the process's one shutdown signal. Node's EventTarget scans its
 * listener list on every `addEventListener` (to drop duplicates), so N streams adding their own
 * listener cost O(N²): measured on Node 20.20, 10,000 adds took 0.47 s and 20,000 took 2.4 s,
 * and past 10 listeners Node prints a MaxListenersExceededWarning. Here each signal gets one
 * native `{ once: true }` listener that fans out to a Set (O(1) add and remove), and that
 * listener is removed as soon as the last callback goes.
 */

interface Fanout {
  callbacks: Set<() => void>;
  fire: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Calls `callback` once when `signal` aborts. Returns the unregister function (idempotent).
 * An already-aborted signal never calls back: callers check `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) return () => {};
  let fanout = fanouts.get(signal);
  if (!fanout) {
    const callbacks = new Set<() => void>();
    const fire = (): void => {
      fanouts.delete(signal);
      // Already gone after a { once: true } dispatch; removing it anyway keeps the bookkeeping
      // of anyone wrapping the signal (tests, instrumentation) exact.
      signal.removeEventListener('abort', fire);
      for (const cb of callbacks) {
        try {
          cb();
        } catch {
          // One failing callback must not keep the others from seeing the abort.
        }
      }
      callbacks.clear();
    };
    fanout = { callbacks, fire };
    fanouts.set(signal, fanout);
    signal.addEventListener('abort', fire, { once: true });
  }
  // A wrapper per registration, so the same function registered twice unregisters independently.
  const entry = (): void => callback();
  const registered = fanout;
  registered.callbacks.add(entry);
  return () => {
    if (!registered.callbacks.delete(entry) || registered.callbacks.size > 0) return;
    if (fanouts.get(signal) === registered) fanouts.delete(signal);
    signal.removeEventListener('abort', registered.fire);
  };
}
