/**
 * Picks the bus back end from configuration: Redis when a URL is configured (several app
 * instances share topics), in-memory otherwise (one process, nothing to run).
 */
import type { BusLogger } from './logger';
import { createMemoryBus } from './memory-bus';
import { createRedisBus } from './redis-bus';
import type { BusLimits, EventBus } from './types';

/** Options for {@link createBus}. */
export interface CreateBusOptions {
  /** `redis://…`; when absent or empty the in-memory bus is used. */
  redisUrl?: string;
  limits?: Partial<BusLimits>;
  logger?: BusLogger;
  /** Redis only: prefix of stream keys and channels (default `curbside:bus:`). */
  keyPrefix?: string;
}

/** Creates the configured {@link EventBus}. */
export function createBus({ redisUrl, limits, logger, keyPrefix }: CreateBusOptions = {}): EventBus {
  return redisUrl ? createRedisBus(redisUrl, limits, { logger, keyPrefix }) : createMemoryBus(limits, { logger });
}
