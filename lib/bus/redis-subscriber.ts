/**
 * One local subscriber of the Redis bus and the three ways an event reaches it: directly
 * from a stream read, or live from pub/sub (buffered while a stream read is in flight).
 * Dedupe by id is what lets the stream read and the live feed overlap safely.
 */
import { compareEventIds } from './event-id';
import type { BusLogger } from './logger';
import type { BusEvent, BusHandler } from './types';

/** A local subscription's delivery state. */
export interface RedisSubscriber {
  handler: BusHandler;
  /** Told when continuity after a reconnect cannot be proven (see `SubscribeOptions.onGap`). */
  onGap?: () => void;
  active: boolean;
  /** Newest id delivered (or the head skipped at subscribe); anything at or before it is dropped. */
  lastId: string | null;
  /** While above zero a stream read is in flight for this subscriber: live events wait in `buffer`. */
  holds: number;
  buffer: BusEvent[];
  /** Settles once the initial replay is done (or failed); a reconnect catch-up waits for it. */
  started: Promise<void>;
}

/** Hands `event` to the subscriber unless inactive or not newer than its last id; a throwing handler is logged. */
export function deliverTo(subscriber: RedisSubscriber, event: BusEvent, logger: BusLogger): void {
  if (!subscriber.active) return;
  if (subscriber.lastId !== null && compareEventIds(event.id, subscriber.lastId) <= 0) return;
  subscriber.lastId = event.id;
  try {
    subscriber.handler(event);
  } catch (err) {
    logger.error({ err, topic: event.topic, eventId: event.id }, 'bus handler threw; event skipped for it');
  }
}

/** A live event: buffered while a stream read is in flight, delivered otherwise. */
export function offerTo(subscriber: RedisSubscriber, event: BusEvent, logger: BusLogger): void {
  if (subscriber.holds > 0) subscriber.buffer.push(event);
  else deliverTo(subscriber, event, logger);
}

/** Ends one stream read; when none is left, delivers the buffered live events newer than what was read. */
export function releaseHold(subscriber: RedisSubscriber, logger: BusLogger): void {
  subscriber.holds -= 1;
  if (subscriber.holds > 0 || !subscriber.active) return;
  const buffered = subscriber.buffer;
  subscriber.buffer = [];
  for (const event of buffered) deliverTo(subscriber, event, logger);
}
