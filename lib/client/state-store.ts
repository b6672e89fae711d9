/**
 * The state cell both realtime clients share: an immutable snapshot replaced on every real
 * change (so `useSyncExternalStore` can compare by identity) and a set of listeners.
 */
export interface StateStore<T extends object> {
  get(): T;
  /** The one state setter: merges `patch`, and notifies only when a field really changed. */
  set(patch: Partial<T>): void;
  /** @returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Forgets every listener (the owner is closing). */
  clearListeners(): void;
}

export function createStateStore<T extends object>(initial: T): StateStore<T> {
  let state = Object.freeze({ ...initial });
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const next = { ...state, ...patch };
      const keys = Object.keys(next) as (keyof T)[];
      if (keys.every((key) => next[key] === state[key])) return;
      state = Object.freeze(next);
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    clearListeners: () => listeners.clear(),
  };
}
