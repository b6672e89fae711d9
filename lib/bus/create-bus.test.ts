import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { externalServiceUrl, needs } from '@/lib/testing/external-service';
import { createBus } from './create-bus';
import { isEventId } from './event-id';
import { silentBusLogger } from './logger';
import { redisBusKeys } from './redis-codec';

describe('createBus', () => {
  it('uses the in-memory bus when no Redis URL is configured', async () => {
    for (const redisUrl of [undefined, '']) {
      const bus = createBus({ redisUrl, limits: { maxEventsPerTopic: 2 }, logger: silentBusLogger });
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await bus.publish('t', { type: 't', data: i }));
      expect(ids.every(isEventId)).toBe(true);
      // Exact count bound: only the in-memory back end trims exactly.
      expect((await bus.subscribe('t', { after: ids[0] }, () => {})).gap).toBe(true);
      expect((await bus.subscribe('t', { after: ids[1] }, () => {})).gap).toBe(false);
      await bus.close();
    }
  });

  it('rejects invalid limits whichever back end is chosen', () => {
    expect(() => createBus({ limits: { idleTopicMs: -1 } })).toThrow(expect.objectContaining({ code: 'BUS_INVALID_LIMITS' }));
  });

  const url = externalServiceUrl('REDIS_URL');
  it.skipIf(!url)(`uses the Redis bus when a URL is configured ${needs('REDIS_URL', url)}`, async () => {
    const keyPrefix = `curbside:test:create-bus:${randomUUID()}:`;
    const bus = createBus({ redisUrl: url, keyPrefix, logger: silentBusLogger });
    const raw = new Redis(url as string);
    try {
      const id = await bus.publish('t', { type: 't', data: 1 });
      const { stream } = redisBusKeys(keyPrefix, 't');
      expect(await raw.xrange(stream, '-', '+')).toEqual([[id, ['e', JSON.stringify({ type: 't', data: 1 })]]]);
    } finally {
      await bus.close();
      await raw.del(redisBusKeys(keyPrefix, 't').stream);
      raw.disconnect();
    }
  });
});
