/**
 * The event bus: topics with bounded history, replay-then-live subscriptions.
 *
 * Two back ends implement this one interface (in-memory, Redis Streams) and both run
 * `bus.contract.ts`. Ids are opaque to callers but ordered within a topic; SSE uses them as
 * `id:` lines and hands them back as `after` on reconnect.
 */

/** What a publisher hands to the bus. `data` must be JSON-serialisable. */
export interface BusMessage {
  /** Event name, e.g. `ride`, `location`, `surge`, `ws` (used as the SSE `event:` line). */
  type: string;
  data: unknown;
}

/** What a subscriber receives. */
export interface BusEvent extends BusMessage {
  /** Ordered within its topic; unique per topic. */
  id: string;
  topic: string;
}

export interface SubscribeOptions {
  /**
   * Replay every kept event after this id, then go live. Replay is possible only when the
   * event with this id is still in the kept history (that proves nothing after it was
   * trimmed); otherwise the subscription starts live from the head and reports `gap: true`.
   */
  after?: string;
  /**
   * Called when a running subscription can no longer prove it missed nothing: the bus lost
   * history while disconnected (a Redis restart, or more than the kept history published
   * during an outage). Delivery goes on live; the subscriber must re-sync (SSE ends the
   * stream, so the client reconnects and gets a snapshot).
   */
  onGap?: () => void;
}

export type BusHandler = (event: BusEvent) => void;

export interface Subscription {
  /**
   * True when `after` was given but replay was impossible (unknown id, trimmed history,
   * another process's id): the subscriber must re-sync from a snapshot.
   */
  readonly gap: boolean;
  /**
   * The id of the newest event that this subscription will NOT deliver (the head at the
   * moment it went live). When the topic had no kept events, both buses give an id that no
   * event has and every later event exceeds, so a subscriber that got it resumes from it
   * without a gap (`after: headId`) for as long as the bus can prove nothing after it was
   * dropped; null only from a bus that cannot do that. Only events with an
   * id after it are delivered live. A snapshot taken after `subscribe` resolves reflects
   * every event up to `headId` (publishers write state before they publish).
   * When replaying, it is the id of the last replayed event (or `after` if none).
   */
  readonly headId: string | null;
  /** Stops delivery at once; idempotent. */
  unsubscribe(): void;
}

export interface BusStats {
  /** Topics currently held in memory by this instance (history or subscribers). */
  topics: number;
  /** Live subscriptions on this instance. */
  subscriptions: number;
}

export interface EventBus {
  /** Appends to the topic's history and delivers to every subscriber on every instance. Resolves to the event id. */
  publish(topic: string, message: BusMessage): Promise<string>;
  /**
   * Delivers, in order and without duplicates: first kept events after `options.after`
   * (if replay is possible), then live events. The handler is never called after
   * `unsubscribe()` returns. Handlers must not throw; a throwing handler is logged and skipped.
   */
  subscribe(topic: string, options: SubscribeOptions, handler: BusHandler): Promise<Subscription>;
  stats(): BusStats;
  /** Unsubscribes everything, stops timers, closes connections. */
  close(): Promise<void>;
}

export interface BusLimits {
  /** Events kept per topic (approximate on Redis, which trims with `MAXLEN ~`). */
  maxEventsPerTopic: number;
  /** Events older than this are dropped from history. */
  maxAgeMs: number;
  /** A topic with no subscribers and no publish for this long is dropped entirely. */
  idleTopicMs: number;
}

export const DEFAULT_BUS_LIMITS: BusLimits = {
  maxEventsPerTopic: 1000,
  maxAgeMs: 10 * 60_000,
  idleTopicMs: 15 * 60_000,
};
