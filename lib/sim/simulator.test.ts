import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPrng } from '@/lib/city/prng';
import { createFakeWebSocket } from '@/lib/client/testing/fake-websocket';
import { createSimDriver } from './sim-driver';
import { type SimDriver } from './sim-types';
import { createSimulator } from './simulator';
import { cityGraph } from './testing/sim-harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function stubDriver(index: number, events: string[]): SimDriver {
  return {
    name: `d${index}`,
    start: () => events.push(`start ${index} @${Date.now()}`),
    stop: () => events.push(`stop ${index}`),
    snapshot: () => { throw new Error('unused'); },
  };
}

describe('createSimulator', () => {
  it('starts drivers one by one, staggerMs apart', () => {
    const events: string[] = [];
    const t0 = Date.now();
    const sim = createSimulator({ count: 3, staggerMs: 100, createDriver: (i) => stubDriver(i, events) });
    sim.start();
    sim.start(); // idempotent
    expect(events).toEqual([`start 0 @${t0}`]);
    vi.advanceTimersByTime(200);
    expect(events).toEqual([`start 0 @${t0}`, `start 1 @${t0 + 100}`, `start 2 @${t0 + 200}`]);
    expect(vi.getTimerCount()).toBe(0);
    expect(sim.drivers()).toHaveLength(3);
  });

  it('stop() stops the started drivers and cancels the rest', () => {
    const events: string[] = [];
    const sim = createSimulator({ count: 5, staggerMs: 100, createDriver: (i) => stubDriver(i, events) });
    sim.start();
    vi.advanceTimersByTime(150);
    sim.stop();
    expect(events.filter((e) => e.startsWith('stop'))).toEqual(['stop 0', 'stop 1']);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(sim.drivers()).toHaveLength(2);
  });

  it('runs real simulated drivers and leaves nothing behind on stop', () => {
    const kit = createFakeWebSocket();
    const graph = cityGraph();
    const sim = createSimulator({
      count: 4,
      staggerMs: 50,
      createDriver: (i) => createSimDriver({
        name: `sim ${i}`, graph, random: createPrng(i + 1), connect: () => new kit.WebSocketImpl('ws://test/ws'),
      }),
    });
    sim.start();
    vi.advanceTimersByTime(200);
    expect(kit.instances).toHaveLength(4);
    kit.instances.forEach((socket, i) => {
      socket.open();
      socket.message({ type: 'hello', user: { id: `d${i}`, role: 'driver', name: `sim ${i}` }, connectionId: `c${i}`, heartbeatMs: 30_000 });
    });
    vi.advanceTimersByTime(20_000);
    for (const socket of kit.instances) expect(socket.sent.filter((f) => f.type === 'location').length).toBeGreaterThan(4);
    sim.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(kit.live()).toEqual([]);
  });
});
