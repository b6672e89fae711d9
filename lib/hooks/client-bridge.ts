/**
 * A stable external store for `useSyncExternalStore` whose source is a client that comes and
 * goes: the hooks create their client inside an effect (so StrictMode's mount → unmount →
 * mount closes the first one), but React needs one `subscribe`/`getSnapshot` pair for the
 * component's whole life. React-free, so it is tested without a DOM.
 */

/** What the bridge needs from a client. */
export interface ObservableClient<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}

/** Follows the attached client; holds the last snapshot while none is attached. */
export interface ClientBridge<S, C extends ObservableClient<S>> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
  /** The attached client, if any. */
  current(): C | null;
  attach(client: C): void;
  /** Detaches `client` if it is still the attached one; a stale cleanup changes nothing. */
  detach(client: C): void;
}

/** Creates a bridge showing `initial` until a client is attached. */
export function createClientBridge<S, C extends ObservableClient<S>>(initial: S): ClientBridge<S, C> {
  const listeners = new Set<() => void>();
  let client: C | null = null;
  let unsubscribe: (() => void) | null = null;
  let last = initial;

  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    getSnapshot: () => (client ? client.getState() : last),
    current: () => client,
    attach(next) {
      if (client) {
        last = client.getState();
        unsubscribe?.();
      }
      client = next;
      unsubscribe = next.subscribe(notify);
      notify();
    },
    detach(target) {
      if (client !== target) return;
      // Keep the final snapshot (e.g. `closed`) so a disabled hook shows why it is closed.
      last = target.getState();
      unsubscribe?.();
      unsubscribe = null;
      client = null;
      notify();
    },
  };
}
