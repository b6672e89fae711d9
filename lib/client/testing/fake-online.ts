import { type OnlineSource } from '../timers';

/** A hand-driven stand-in for the window `online` event. */
export interface FakeOnline {
  onOnline: OnlineSource;
  /** Fires every subscribed callback, like the browser regaining a network. */
  goOnline(): void;
  /** Subscribed callbacks; 0 after the client's `close()`. */
  listenerCount(): number;
}

/** Creates a fake online source for one test. */
export function createFakeOnline(): FakeOnline {
  const callbacks = new Set<() => void>();
  return {
    onOnline(callback) {
      callbacks.add(callback);
      return () => { callbacks.delete(callback); };
    },
    goOnline() {
      for (const callback of [...callbacks]) callback();
    },
    listenerCount: () => callbacks.size,
  };
}
