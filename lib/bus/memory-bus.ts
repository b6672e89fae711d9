/**
 * The in-memory event bus: the default back end, for one process. History, ids and fan-out
 * all live in this instance; nothing is shared with other processes.
 */
import { compareEventIds, isEventId } from './event-id';
import { consoleBusLogger, type BusLogger } from './logger';
import { createEventHistory, type EventHistory } from './memory-history';
import type { BusEvent, BusHandler, BusLimits, EventBus, Subscription } from './types';
import { assertHandler, assertMessage, assertTopic, busClosedError, resolveBusLimits } from './validate';

/** Options for {@link createMemoryBus}. */
export interface MemoryBusOptions {
  /** The clock for ids, age and idleness (ms since the epoch). Defaults to `Date.now`. */
  now?: () => number;
  logger?: BusLogger;
}

interface MemorySubscriber {
  handler: BusHandler;
  active: boolean;
  /** Newest id handed to (or skipped for) this subscriber; live events at or before it are dropped. */
  lastId: string | null;
}

interface MemoryTopic {
  history: EventHistory;
  subscribers: Set<MemorySubscriber>;
  lastPublishAt: number;
}

type Delivery =
  | { kind: 'live'; topic: MemoryTopic; event: BusEvent }
  | { kind: 'replay'; subscriber: MemorySubscriber; events: BusEvent[] };

/** Longest pause between idle sweeps, however long `idleTopicMs` is. */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Creates an in-memory {@link EventBus}.
 *
 * Ids are `<ms>-<seq>` and grow across the whole instance, even if the clock steps back.
 * Every subscriber of a topic receives the same frozen {@link BusEvent} object, so consumers
 * may cache per event (SSE caches the encoded bytes in a WeakMap). Delivery is synchronous
 * inside `publish`, through one queue, so a handler that publishes or subscribes cannot
 * reorder what others see.
 */
export function createMemoryBus(limits: Partial<BusLimits> = {}, opts: MemoryBusOptions = {}): EventBus {
  const { maxEventsPerTopic, maxAgeMs, idleTopicMs } = resolveBusLimits(limits);
  const now = opts.now ?? (() => Date.now());
  const logger = opts.logger ?? consoleBusLogger;
  const topics = new Map<string, MemoryTopic>();
  let subscriptionCount = 0;
  let closed = false;
  let sweepTimer: ReturnType<typeof setInterval> | null = null;

  // Ids start after `startId`, this bus's own starting point: an id before it was minted by
  // another process (an earlier run of this one), whose history this bus never had.
  const startMs = Math.floor(now());
  let lastMs = Number.isSafeInteger(startMs) && startMs > 0 ? startMs - 1 : 0;
  let seq = 0;
  const startId = `${lastMs}-0`;
  /** The newest id this bus minted (or its starting point): every later id is greater. */
  const lastMinted = (): string => `${lastMs}-${seq}`;
  /** The newest id ever dropped from a topic that is gone (it had no events left). */
  let forgottenFloor: string | null = null;
  const forget = (name: string, topic: MemoryTopic) => {
    const dropped = topic.history.droppedUpTo;
    if (dropped !== null && (forgottenFloor === null || compareEventIds(dropped, forgottenFloor) > 0)) forgottenFloor = dropped;
    topics.delete(name);
  };
  /**
   * True when nothing published to `topic` after `after` can have been dropped, so what is kept
   * after it is the whole rest: `after` is an id of this bus (not before its start, not after its
   * newest) and newer than every id dropped from this topic or from a forgotten one (this may
   * be a new topic of the same name). This lets a subscriber that went live on an empty topic,
   * and so holds no kept id, resume without a gap.
   */
  const continuous = (topic: MemoryTopic, after: string): boolean => {
    if (compareEventIds(after, startId) < 0 || compareEventIds(after, lastMinted()) > 0) return false;
    for (const floor of [topic.history.droppedUpTo, forgottenFloor]) {
      // Strictly newer: an id that was itself dropped stays a gap, as on the Redis bus.
      if (floor !== null && compareEventIds(after, floor) <= 0) return false;
    }
    return true;
  };
  const nextId = (at: number): string => {
    const ms = Math.floor(at);
    // Never step back: a clock that jumps backwards keeps the old ms and bumps the sequence.
    if (Number.isSafeInteger(ms) && ms > lastMs) {
      lastMs = ms;
      seq = 0;
    } else {
      seq += 1;
    }
    return `${lastMs}-${seq}`;
  };

  const isIdle = (topic: MemoryTopic, at: number) =>
    topic.subscribers.size === 0 && at - topic.lastPublishAt >= idleTopicMs;

  /** Applies the age bound and idleness lazily, so reads are exact between sweeps. */
  const refresh = (topic: MemoryTopic, at: number) => {
    if (isIdle(topic, at)) topic.history.clear();
    else topic.history.dropOlderThan(at - maxAgeMs);
  };

  const sweep = () => {
    const at = now();
    for (const [name, topic] of topics) {
      refresh(topic, at);
      if (topic.subscribers.size === 0 && topic.history.size === 0) forget(name, topic);
    }
    if (topics.size === 0) stopSweeping();
  };

  const startSweeping = () => {
    if (sweepTimer || closed) return;
    const interval = Math.max(10, Math.min(MAX_SWEEP_INTERVAL_MS, Math.ceil(Math.min(idleTopicMs, maxAgeMs) / 4)));
    sweepTimer = setInterval(sweep, interval);
    // The sweep only frees memory; it must never keep a process (or a test run) alive.
    sweepTimer.unref?.();
  };

  const stopSweeping = () => {
    if (sweepTimer) clearInterval(sweepTimer);
    sweepTimer = null;
  };

  const topicFor = (name: string, at: number): MemoryTopic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = { history: createEventHistory(maxEventsPerTopic), subscribers: new Set(), lastPublishAt: at };
      topics.set(name, topic);
      startSweeping();
    }
    return topic;
  };

  const callHandler = (subscriber: MemorySubscriber, event: BusEvent) => {
    try {
      subscriber.handler(event);
    } catch (err) {
      logger.error({ err, topic: event.topic, eventId: event.id }, 'bus handler threw; event skipped for it');
    }
  };

  // One queue for all deliveries: a handler that publishes (or subscribes) appends here
  // instead of recursing, so every subscriber still sees events in id order.
  const queue: Delivery[] = [];
  let draining = false;
  const deliver = (delivery: Delivery) => {
    queue.push(delivery);
    if (draining) return;
    draining = true;
    try {
      for (let i = 0; i < queue.length; i++) {
        const item = queue[i] as Delivery;
        if (item.kind === 'replay') {
          for (const event of item.events) {
            if (!item.subscriber.active) break;
            callHandler(item.subscriber, event);
          }
          continue;
        }
        for (const subscriber of item.topic.subscribers) {
          if (!subscriber.active) continue;
          // A subscriber added while this event was queued already has it (replay or head).
          if (subscriber.lastId !== null && compareEventIds(item.event.id, subscriber.lastId) <= 0) continue;
          subscriber.lastId = item.event.id;
          callHandler(subscriber, item.event);
        }
      }
    } finally {
      queue.length = 0;
      draining = false;
    }
  };

  return {
    async publish(name, message) {
      if (closed) throw busClosedError();
      assertTopic(name);
      assertMessage(message);
      const at = now();
      const topic = topicFor(name, at);
      refresh(topic, at);
      const event: BusEvent = Object.freeze({ id: nextId(at), topic: name, type: message.type, data: message.data });
      topic.history.push(event, at);
      topic.lastPublishAt = at;
      deliver({ kind: 'live', topic, event });
      return event.id;
    },

    async subscribe(name, options, handler): Promise<Subscription> {
      if (closed) throw busClosedError();
      assertTopic(name);
      assertHandler(handler);
      const at = now();
      const topic = topicFor(name, at);
      refresh(topic, at);

      const after = options.after;
      const valid = after !== undefined && isEventId(after);
      const index = valid ? topic.history.indexOf(after) : -1;
      const resumes = index >= 0 || (valid && continuous(topic, after));
      const replay = !resumes ? [] : index >= 0 ? topic.history.after(index) : topic.history.newerThan(after as string);
      // With nothing kept, the head is a new id no event has: every later event is after it,
      // and no dropped id equals it, so a resume from it can be proven continuous.
      const headId = resumes ? (replay.at(-1)?.id ?? (after as string)) : (topic.history.last()?.id ?? nextId(at));
      const subscriber: MemorySubscriber = { handler, active: true, lastId: headId };
      topic.subscribers.add(subscriber);
      subscriptionCount += 1;
      if (replay.length > 0) deliver({ kind: 'replay', subscriber, events: replay });

      return {
        gap: after !== undefined && !resumes,
        headId,
        unsubscribe() {
          if (!subscriber.active) return;
          subscriber.active = false;
          subscriptionCount -= 1;
          topic.subscribers.delete(subscriber);
          if (topic.subscribers.size === 0 && topic.history.size === 0 && topics.get(name) === topic) {
            forget(name, topic);
            if (topics.size === 0) stopSweeping();
          }
        },
      };
    },

    stats() {
      return { topics: topics.size, subscriptions: subscriptionCount };
    },

    async close() {
      closed = true;
      stopSweeping();
      for (const topic of topics.values()) {
        for (const subscriber of topic.subscribers) subscriber.active = false;
      }
      topics.clear();
      subscriptionCount = 0;
    },
  };
}
