/**
 * The Redis event bus: streams hold each topic's history, pub/sub fans events out live to
 * every app instance. See `redis-scripts.ts` for why publishing is one script.
 *
 * Subscribing, per local subscriber: SUBSCRIBE the topic's channel (once per topic per
 * instance), buffer live messages, read the stream (replay after `after`, or just the head),
 * deliver the replay, then the buffered live messages newer than the last delivered id.
 * Whenever the subscriber connection becomes ready (Redis restart, dropped socket, and its
 * first connection too, see the 'ready' handler), every topic runs the same merge from its
 * last delivered id, so events still in the stream are delivered once, in order.
 */
import Redis, { type RedisOptions } from 'ioredis';
import { compareEventIds, isEventId } from './event-id';
import { consoleBusLogger, type BusLogger } from './logger';
import { DEFAULT_KEY_PREFIX, decodeEvent, encodeMessage, newEpoch, redisBusKeys, redisEpochKey, splitLiveMessage } from './redis-codec';
import { closeConnection, watchConnection } from './redis-connections';
import { defineBusScripts, type StreamEntry } from './redis-scripts';
import { deliverTo, offerTo, releaseHold, type RedisSubscriber } from './redis-subscriber';
import type { BusEvent, BusLimits, EventBus, Subscription } from './types';
import { assertHandler, assertMessage, assertTopic, busClosedError, resolveBusLimits } from './validate';

/** Options for {@link createRedisBus}. */
export interface RedisBusOptions {
  /** Prefix of every stream key and channel; default `curbside:bus:`. */
  keyPrefix?: string;
  logger?: BusLogger;
  /** Passed to both ioredis connections (TLS, retry strategy, ...). Use `keyPrefix` above, not ioredis's. */
  redisOptions?: Omit<RedisOptions, 'keyPrefix'>;
}

interface RedisTopic {
  name: string;
  stream: string;
  channel: string;
  subscribers: Set<RedisSubscriber>;
  /** Resolves when this instance's SUBSCRIBE for the channel is confirmed; null to (re)issue it. */
  subscribed: Promise<void> | null;
}

/**
 * Creates an {@link EventBus} on Redis at `url`. Uses two connections (commands and
 * pub/sub). Publishes made while Redis is unreachable wait in ioredis's offline queue
 * (and fail after its `maxRetriesPerRequest`).
 */
export function createRedisBus(url: string, limits: Partial<BusLimits> = {}, opts: RedisBusOptions = {}): EventBus {
  const { maxEventsPerTopic, maxAgeMs, idleTopicMs } = resolveBusLimits(limits);
  const prefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const logger = opts.logger ?? consoleBusLogger;
  // What this Redis's epoch becomes if this bus's read is the first (see the read script).
  const epochKey = redisEpochKey(prefix);
  const epochCandidate = newEpoch();
  const commands = defineBusScripts(new Redis(url, { connectionName: 'curbside-bus', ...opts.redisOptions }));
  // We re-SUBSCRIBE ourselves on reconnect: we must know when it is confirmed before catching up.
  // No ready check here: it sends INFO, and a SUBSCRIBE written during the handshake makes Redis
  // refuse it ("Connection in subscriber mode"), so ioredis drops the connection and every
  // subscribe in flight fails. After a restart under a reconnect storm that ended about 2,000 of
  // 10,000 streams with an error, each reconnecting once more (storm --log-level info).
  const pubsub = new Redis(url, { connectionName: 'curbside-bus-sub', ...opts.redisOptions, autoResubscribe: false, enableReadyCheck: false });
  /** Topics with local subscribers, by channel. */
  const topics = new Map<string, RedisTopic>();
  let subscriptionCount = 0;
  let closed = false;

  const decodeEntries = (topic: string, entries: StreamEntry[]): BusEvent[] => {
    const events: BusEvent[] = [];
    for (const [id, fields] of entries) {
      const event = decodeEvent(topic, id, fields[fields.indexOf('e') + 1] ?? '');
      if (event) events.push(event);
      else logger.warn({ topic, eventId: id }, 'bus: malformed stream entry skipped');
    }
    return events;
  };

  pubsub.on('message', (channel: string, message: string) => {
    const topic = topics.get(channel);
    if (!topic) return;
    const parts = splitLiveMessage(message);
    // One object per message, shared by every local subscriber (SSE caches bytes per object).
    const event = parts && isEventId(parts.id) ? decodeEvent(topic.name, parts.id, parts.payload) : null;
    if (!event) {
      logger.warn({ topic: topic.name }, 'bus: malformed live message skipped');
      return;
    }
    for (const subscriber of topic.subscribers) offerTo(subscriber, event, logger);
  });

  /** Wraps a SUBSCRIBE; if it fails, its topics forget it so the next subscriber (or reconnect) issues it again. */
  const track = (subscribedTopics: RedisTopic[], confirmation: Promise<unknown>): Promise<void> => {
    const subscribed: Promise<void> = confirmation.then(
      () => undefined,
      (err: unknown) => {
        for (const topic of subscribedTopics) if (topic.subscribed === subscribed) topic.subscribed = null;
        throw err;
      },
    );
    // Callers await it; this keeps a failure nobody is waiting for from being "unhandled".
    subscribed.catch(() => {});
    return subscribed;
  };

  const ensureSubscribed = (topic: RedisTopic): Promise<void> => {
    topic.subscribed ??= track([topic], pubsub.subscribe(topic.channel));
    return topic.subscribed;
  };

  const removeSubscriber = (topic: RedisTopic, subscriber: RedisSubscriber) => {
    if (!subscriber.active) return;
    subscriber.active = false;
    subscriber.buffer = [];
    subscriptionCount -= 1;
    topic.subscribers.delete(subscriber);
    if (topic.subscribers.size > 0 || topics.get(topic.channel) !== topic) return;
    topics.delete(topic.channel);
    if (!closed) {
      pubsub.unsubscribe(topic.channel).catch((err: unknown) => logger.warn({ err, topic: topic.name }, 'bus: unsubscribe failed'));
    }
  };

  /**
   * Re-reads a topic from its subscribers' last delivered id after the pub/sub link came
   * back. Resolves to false when continuity cannot be proven (that id is gone from the stream:
   * Redis restarted, or more than the kept history was published meanwhile).
   */
  const catchUp = async (topic: RedisTopic, held: RedisSubscriber[], confirmed: Promise<void>): Promise<boolean> => {
    try {
      await confirmed;
      await Promise.all(held.map((subscriber) => subscriber.started));
      const live = held.filter((subscriber) => subscriber.active);
      if (live.length === 0) return true;
      let from: string | null = null;
      for (const { lastId } of live) {
        if (lastId === null) {
          from = null;
          break;
        }
        if (from === null || compareEventIds(lastId, from) < 0) from = lastId;
      }
      const [found, , entries] = await commands.busRead(topic.stream, epochKey, 'catchup', from ?? '', maxAgeMs, idleTopicMs, epochCandidate);
      for (const event of decodeEntries(topic.name, entries)) {
        for (const subscriber of live) deliverTo(subscriber, event, logger);
      }
      return from === null || found === 1;
    } catch (err) {
      if (!closed) logger.error({ err, topic: topic.name }, 'bus: catch-up after reconnect failed; events published meanwhile may be missing');
      return false;
    } finally {
      for (const subscriber of held) releaseHold(subscriber, logger);
    }
  };

  const resync = async () => {
    const held = new Map<RedisTopic, RedisSubscriber[]>();
    for (const topic of topics.values()) {
      const subscribers = [...topic.subscribers];
      for (const subscriber of subscribers) subscriber.holds += 1;
      held.set(topic, subscribers);
    }
    if (held.size === 0) return;
    // Re-SUBSCRIBE first and wait for it: a stream read before that could miss what is
    // published between the read and the subscription.
    const heldTopics = [...held.keys()];
    const confirmation = track(heldTopics, pubsub.subscribe(...heldTopics.map((topic) => topic.channel)));
    for (const topic of held.keys()) topic.subscribed = confirmation;
    const results = await Promise.all([...held].map(([topic, subscribers]) => catchUp(topic, subscribers, confirmation)));
    const unprovenTopics = heldTopics.filter((_, k) => !results[k]);
    const unproven = unprovenTopics.map((topic) => topic.name);
    for (const topic of unprovenTopics) {
      for (const subscriber of held.get(topic) ?? []) {
        if (!subscriber.active || closed) continue;
        try {
          subscriber.onGap?.();
        } catch (err) {
          logger.error({ err, topic: topic.name }, 'bus onGap handler threw');
        }
      }
    }
    if (unproven.length > 0 && !closed) {
      logger.warn(
        { topics: unproven.length, sample: unproven.slice(0, 10) },
        'bus: history was lost while disconnected; subscribers of these topics may have missed events',
      );
    }
  };

  // Every 'ready' re-subscribes what this instance holds, the first one too. ioredis writes a
  // SUBSCRIBE made during its connection handshake at once, ahead of its INFO ready check;
  // Redis then refuses INFO in subscriber mode, ioredis reconnects, and the channels confirmed
  // on that first connection are not on the one that becomes ready. Seen after a restart under
  // a reconnect storm (a few of 2,000 streams got their replay, then nothing); the handshake
  // test in redis-bus.test.ts makes it certain.
  pubsub.on('ready', () => {
    if (!closed) void resync();
  });

  watchConnection(commands, 'commands', logger, () => closed);
  watchConnection(pubsub, 'pubsub', logger, () => closed);

  return {
    async publish(name, message) {
      if (closed) throw busClosedError();
      assertTopic(name);
      assertMessage(message);
      const { stream, channel } = redisBusKeys(prefix, name);
      try {
        return await commands.busPublish(stream, channel, encodeMessage(message), maxEventsPerTopic, maxAgeMs, idleTopicMs);
      } catch (err) {
        throw closed ? busClosedError() : err;
      }
    },

    async subscribe(name, options, handler): Promise<Subscription> {
      if (closed) throw busClosedError();
      assertTopic(name);
      assertHandler(handler);
      const { after } = options;
      const keys = redisBusKeys(prefix, name);
      let topic = topics.get(keys.channel);
      if (!topic) {
        topic = { name, ...keys, subscribers: new Set(), subscribed: null };
        topics.set(keys.channel, topic);
      }
      let markStarted = () => {};
      const started = new Promise<void>((resolve) => (markStarted = resolve));
      const subscriber: RedisSubscriber = { handler, onGap: options.onGap, active: true, lastId: null, holds: 1, buffer: [], started };
      topic.subscribers.add(subscriber);
      subscriptionCount += 1;

      try {
        await ensureSubscribed(topic);
        // Only now, with live messages buffering, read the stream: nothing can fall between.
        const validAfter = after !== undefined && isEventId(after) ? after : '';
        const [found, head, entries] = await commands.busRead(topic.stream, epochKey, 'start', validAfter, maxAgeMs, idleTopicMs, epochCandidate);
        if (closed) throw busClosedError();
        let headId = head;
        if (found === 1) {
          subscriber.lastId = validAfter;
          for (const event of decodeEntries(name, entries)) deliverTo(subscriber, event, logger);
          headId = entries.at(-1)?.[0] ?? validAfter;
        }
        subscriber.lastId = headId;
        const owner = topic;
        return {
          gap: after !== undefined && found !== 1,
          headId,
          unsubscribe: () => removeSubscriber(owner, subscriber),
        };
      } catch (err) {
        removeSubscriber(topic, subscriber);
        throw closed ? busClosedError() : err;
      } finally {
        markStarted();
        releaseHold(subscriber, logger);
      }
    },

    stats() {
      return { topics: topics.size, subscriptions: subscriptionCount };
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const topic of topics.values()) {
        for (const subscriber of topic.subscribers) subscriber.active = false;
      }
      topics.clear();
      subscriptionCount = 0;
      // The pub/sub connection has nothing left to finish, and a graceful QUIT would first have
      // to read through its socket's backlog of messages for topics nobody listens to any more.
      // (In a 5,000-stream storm the bus's close took 966 ms with QUIT on both connections and
      // 763 ms without it on this one: most of it is the event loop still tearing down streams.)
      pubsub.disconnect();
      await closeConnection(commands);
    },
  };
}
