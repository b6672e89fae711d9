/**
 * Names and wire formats of the Redis bus, in one place so tests and tools can find keys.
 * An event is JSON-encoded once, at publish; the same bytes go into the stream entry and,
 * prefixed with the id, into the pub/sub message.
 */
import { randomInt } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { BusEvent, BusMessage } from './types';

/** Default prefix for every stream key and channel the bus creates. */
export const DEFAULT_KEY_PREFIX = 'curbside:bus:';

/** The stream key (history) and pub/sub channel (live fan-out) of a topic. */
export const redisBusKeys = (prefix: string, topic: string): { stream: string; channel: string } => ({
  stream: `${prefix}stream:${topic}`,
  channel: `${prefix}live:${topic}`,
});

/** The key holding the epoch of this prefix's streams (see the read script in redis-scripts.ts). */
export const redisEpochKey = (prefix: string): string => `${prefix}epoch`;

/** A random 16-digit epoch with no leading zero: longer than any sequence Redis mints in one ms. */
export function newEpoch(): string {
  let epoch = String(randomInt(1, 10));
  while (epoch.length < 16) epoch += String(randomInt(0, 10));
  return epoch;
}

/** Encodes a message for the stream and channel; throws `BUS_INVALID_MESSAGE` if it is not JSON. */
export function encodeMessage(message: BusMessage): string {
  try {
    return JSON.stringify({ type: message.type, data: message.data });
  } catch (err) {
    throw new AppError('BUS_INVALID_MESSAGE', `Message data is not JSON-serialisable: ${String(err)}`, 500);
  }
}

/** Decodes a stored or published payload into a frozen event; null when it is malformed. */
export function decodeEvent(topic: string, id: string, payload: string): BusEvent | null {
  try {
    const parsed = JSON.parse(payload) as { type?: unknown; data?: unknown };
    if (typeof parsed?.type !== 'string') return null;
    return Object.freeze({ id, topic, type: parsed.type, data: parsed.data });
  } catch {
    return null;
  }
}

/** Splits a pub/sub message `"<id> <payload>"`; null when there is no separator. */
export function splitLiveMessage(message: string): { id: string; payload: string } | null {
  const space = message.indexOf(' ');
  return space > 0 ? { id: message.slice(0, space), payload: message.slice(space + 1) } : null;
}
