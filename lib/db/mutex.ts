/**
 * A promise-chain mutex: each `run` starts after every earlier one has settled. PGlite is one
 * connection, so a transaction must own it from BEGIN to COMMIT with nobody else's statement
 * in between.
 */

/** Serialises async critical sections in call order (FIFO). */
export interface Mutex {
  /** Runs `fn` once every earlier `run` has settled; resolves or rejects as `fn` does. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** Creates an unlocked {@link Mutex}. */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn);
      // The next holder waits for this one to settle either way; a failure is the caller's.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
