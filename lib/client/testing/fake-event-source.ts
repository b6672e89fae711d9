import { type EventSourceConstructor, type EventSourceLike } from '../event-source-client';

type Listener = (event: MessageEvent) => void;

/** A fake EventSource the test drives by hand. */
export interface FakeEventSource extends EventSourceLike {
  readonly url: string;
  readonly withCredentials: boolean;
  readyState: number;
  /** Server accepts: OPEN, then `onopen`. */
  open(): void;
  /** A named event; objects are JSON-encoded. `id` omitted repeats the last one, as browsers do. */
  emit(type: string, data: unknown, id?: string): void;
  /** A network drop: the browser goes CONNECTING and will retry by itself. */
  networkError(): void;
  /** A 401/5xx/wrong content type: the browser goes CLOSED and never retries. */
  fail(): void;
  /** Listeners still attached, over all event types. */
  listenerCount(): number;
}

/** A fresh fake `EventSource` class whose instances are recorded, for one test. */
export interface FakeEventSourceKit {
  EventSourceImpl: EventSourceConstructor;
  instances: FakeEventSource[];
  /** Sources not CLOSED: the invariant is that this never exceeds 1. */
  live(): FakeEventSource[];
  last(): FakeEventSource;
}

/** Creates a fake EventSource class. */
export function createFakeEventSource(): FakeEventSourceKit {
  const instances: FakeEventSource[] = [];

  class Fake implements FakeEventSource {
    readyState = 0;
    readonly withCredentials: boolean;
    onopen: ((event: Event) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    private readonly listeners = new Map<string, Set<Listener>>();
    /** The browser's "last event ID buffer": it survives events that carry no `id:`. */
    private lastId = '';

    constructor(readonly url: string, init?: EventSourceInit) {
      this.withCredentials = init?.withCredentials ?? false;
      instances.push(this);
    }

    addEventListener(type: string, listener: Listener): void {
      const set = this.listeners.get(type) ?? new Set<Listener>();
      set.add(listener);
      this.listeners.set(type, set);
    }

    removeEventListener(type: string, listener: Listener): void {
      this.listeners.get(type)?.delete(listener);
    }

    close(): void {
      this.readyState = 2;
    }

    open(): void {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
    }

    emit(type: string, data: unknown, id?: string): void {
      if (id !== undefined) this.lastId = id;
      const payload = typeof data === 'string' ? data : JSON.stringify(data);
      const event = new MessageEvent(type, { data: payload, lastEventId: this.lastId });
      for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event);
    }

    networkError(): void {
      this.readyState = 0;
      this.onerror?.(new Event('error'));
    }

    fail(): void {
      this.readyState = 2;
      this.onerror?.(new Event('error'));
    }

    listenerCount(): number {
      let count = 0;
      for (const set of this.listeners.values()) count += set.size;
      return count;
    }
  }

  return {
    EventSourceImpl: Fake,
    instances,
    live: () => instances.filter((source) => source.readyState !== 2),
    last() {
      const source = instances.at(-1);
      if (!source) throw new Error('no EventSource was created');
      return source;
    },
  };
}
