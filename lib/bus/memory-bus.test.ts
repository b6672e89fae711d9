import { afterEach, describe, expect, it, vi } from 'vitest';
import { runBusContract } from './bus.contract';
import { compareEventIds } from './event-id';
import { silentBusLogger } from './logger';
import { createMemoryBus } from './memory-bus';
import type { BusEvent } from './types';

runBusContract('memory', (limits) => createMemoryBus(limits, { logger: silentBusLogger }));

describe('memory bus specifics', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const clock = (start = 1_000_000) => {
    let t = start;
    return { now: () => t, set: (value: number) => (t = value), advance: (ms: number) => (t += ms) };
  };

  it('ids grow across topics and never go backwards, even when the clock does', async () => {
    const c = clock();
    const bus = createMemoryBus({}, { now: c.now, logger: silentBusLogger });
    const ids = [await bus.publish('a', { type: 't', data: 0 }), await bus.publish('b', { type: 't', data: 0 })];
    c.advance(5);
    ids.push(await bus.publish('a', { type: 't', data: 0 }));
    c.set(900_000);
    ids.push(await bus.publish('b', { type: 't', data: 0 }), await bus.publish('a', { type: 't', data: 0 }));
    expect(ids).toEqual(['1000000-0', '1000000-1', '1000005-0', '1000005-1', '1000005-2']);
    for (let k = 1; k < ids.length; k++) expect(compareEventIds(ids[k - 1] as string, ids[k] as string)).toBeLessThan(0);
    await bus.close();
  });

  it('keeps exactly maxEventsPerTopic events', async () => {
    const bus = createMemoryBus({ maxEventsPerTopic: 3 }, { logger: silentBusLogger });
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(await bus.publish('t', { type: 't', data: i }));
    expect((await bus.subscribe('t', { after: ids[196] }, () => {})).gap).toBe(true);
    const got: unknown[] = [];
    const sub = await bus.subscribe('t', { after: ids[197] }, (e) => got.push(e.data));
    expect(sub.gap).toBe(false);
    expect(got).toEqual([198, 199]);
    await bus.close();
  });

  it('drops events older than maxAgeMs by the injected clock', async () => {
    const c = clock();
    const bus = createMemoryBus({ maxAgeMs: 1_000 }, { now: c.now, logger: silentBusLogger });
    const first = await bus.publish('t', { type: 't', data: 0 });
    c.advance(500);
    const second = await bus.publish('t', { type: 't', data: 1 });
    c.advance(600);
    expect((await bus.subscribe('t', { after: first }, () => {})).gap).toBe(true);
    expect(await bus.subscribe('t', { after: second }, () => {})).toMatchObject({ gap: false, headId: second });
    c.advance(1_000);
    expect((await bus.subscribe('t', {}, () => {})).headId).not.toBe(second);
    await bus.close();
  });

  it('one unref-ed sweep timer drops idle topics, runs only while topics exist, and close leaves none', async () => {
    vi.useFakeTimers();
    const bus = createMemoryBus({ idleTopicMs: 1_000, maxAgeMs: 5_000 }, { logger: silentBusLogger });
    expect(vi.getTimerCount()).toBe(0);
    await bus.publish('a', { type: 't', data: 0 });
    await bus.publish('b', { type: 't', data: 0 });
    const sub = await bus.subscribe('c', {}, () => {});
    await bus.publish('c', { type: 't', data: 0 });
    expect(vi.getTimerCount()).toBe(1);
    expect(bus.stats().topics).toBe(3);

    vi.advanceTimersByTime(1_500);
    expect(bus.stats()).toEqual({ topics: 1, subscriptions: 1 });
    sub.unsubscribe();
    expect(bus.stats().topics).toBe(1);
    vi.advanceTimersByTime(500);
    expect(bus.stats().topics).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    await bus.publish('d', { type: 't', data: 0 });
    expect(vi.getTimerCount()).toBe(1);
    await bus.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the sweep timer does not keep the process alive', async () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const bus = createMemoryBus({}, { logger: silentBusLogger });
    await bus.publish('t', { type: 't', data: 0 });
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await bus.close();
  });

  it('a handler that publishes or subscribes cannot reorder what others see', async () => {
    const bus = createMemoryBus({}, { logger: silentBusLogger });
    const first: unknown[] = [];
    const second: unknown[] = [];
    const late: unknown[] = [];
    await bus.subscribe('t', {}, (e) => {
      first.push(e.data);
      if (e.data === 0) {
        void bus.publish('t', { type: 't', data: 1 });
        void bus.subscribe('t', { after: e.id }, (x) => late.push(x.data));
      }
    });
    await bus.subscribe('t', {}, (e) => second.push(e.data));
    await bus.publish('t', { type: 't', data: 0 });
    await bus.publish('t', { type: 't', data: 2 });
    expect(first).toEqual([0, 1, 2]);
    expect(second).toEqual([0, 1, 2]);
    expect(late).toEqual([1, 2]);
    await bus.close();
  });

  it('logs a throwing handler through the injected logger', async () => {
    const errors: unknown[] = [];
    const bus = createMemoryBus({}, { logger: { warn: () => {}, error: (context) => errors.push(context) } });
    await bus.subscribe('t', {}, () => {
      throw new Error('boom');
    });
    const id = await bus.publish('t', { type: 't', data: 0 });
    expect(errors).toEqual([expect.objectContaining({ topic: 't', eventId: id })]);
    await bus.close();
  });

  it('delivers frozen events', async () => {
    const bus = createMemoryBus({}, { logger: silentBusLogger });
    let got: BusEvent | null = null;
    await bus.subscribe('t', {}, (e) => (got = e));
    await bus.publish('t', { type: 't', data: 0 });
    expect(Object.isFrozen(got)).toBe(true);
    await bus.close();
  });

  it('rejects invalid limits with BUS_INVALID_LIMITS', () => {
    expect(() => createMemoryBus({ maxEventsPerTopic: 0 })).toThrow(expect.objectContaining({ code: 'BUS_INVALID_LIMITS' }));
    expect(() => createMemoryBus({ maxAgeMs: Number.NaN })).toThrow(expect.objectContaining({ code: 'BUS_INVALID_LIMITS' }));
  });
});
