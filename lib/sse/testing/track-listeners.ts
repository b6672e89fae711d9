/**
 * Counts the `abort` listeners currently attached to `signal` through its own
 * add/removeEventListener (the instance methods are wrapped). Code under test removes its
 * listener explicitly on cleanup, so the count must return to zero.
 */
export function trackAbortListeners(signal: AbortSignal): () => number {
  const live = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions) => {
    if (type === 'abort') live.add(listener);
    add(type, listener, options);
  }) as AbortSignal['addEventListener'];
  signal.removeEventListener = ((type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions) => {
    if (type === 'abort') live.delete(listener);
    remove(type, listener, options);
  }) as AbortSignal['removeEventListener'];
  return () => live.size;
}
