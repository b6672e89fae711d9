/**
 * Checks shared by both back ends, so a bad topic, message or limit fails the same way (and
 * with the same code) whichever back end is configured.
 */
import { AppError } from '@/lib/errors';
import { DEFAULT_BUS_LIMITS, type BusHandler, type BusLimits, type BusMessage } from './types';

/** Topics become Redis key and channel names; a bound keeps a bug from minting huge keys. */
export const MAX_TOPIC_LENGTH = 200;
const MAX_TYPE_LENGTH = 100;

/** Throws `BUS_INVALID_TOPIC` unless `topic` is a non-empty string of bounded length. */
export function assertTopic(topic: unknown): asserts topic is string {
  if (typeof topic !== 'string' || topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) {
    throw new AppError('BUS_INVALID_TOPIC', `Topic must be a string of 1 to ${MAX_TOPIC_LENGTH} characters`, 500);
  }
}

/** Throws `BUS_INVALID_MESSAGE` unless `message.type` is a non-empty string of bounded length. */
export function assertMessage(message: unknown): asserts message is BusMessage {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || type.length === 0 || type.length > MAX_TYPE_LENGTH) {
    throw new AppError('BUS_INVALID_MESSAGE', `Message type must be a string of 1 to ${MAX_TYPE_LENGTH} characters`, 500);
  }
}

/** Throws `BUS_INVALID_HANDLER` unless `handler` is a function. */
export function assertHandler(handler: unknown): asserts handler is BusHandler {
  if (typeof handler !== 'function') {
    throw new AppError('BUS_INVALID_HANDLER', 'Subscribe needs a handler function', 500);
  }
}

/** Fills defaults and throws `BUS_INVALID_LIMITS` for non-positive or non-integer limits. */
export function resolveBusLimits(limits: Partial<BusLimits> = {}): BusLimits {
  // An explicit `undefined` (e.g. from optional config) means "default", not "unset".
  const given = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  const resolved: BusLimits = { ...DEFAULT_BUS_LIMITS, ...given };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new AppError('BUS_INVALID_LIMITS', `Bus limit ${name} must be a positive integer, got ${String(value)}`, 500);
    }
  }
  return resolved;
}

/** The error every call on a closed bus rejects with. */
export const busClosedError = (): AppError => new AppError('BUS_CLOSED', 'The event bus is closed', 500);
