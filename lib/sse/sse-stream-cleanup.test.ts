import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { createHeartbeat } from './heartbeat';
import { createSseStream, SSE_SHUTDOWN_REASON, type SseCloseReason, type SseSnapshotEvent } from './sse-stream';
import { createFakeBus } from './testing/fake-bus';
import { createSseReader } from './testing/sse-reader';
import { expectClean, openStream, publishRides, RIDE, TOPIC } from './testing/stream-harness';
import { createDeferred, waitFor } from './testing/wait-for';

describe('createSseStream: cleanup', () => {
  it('cleans up once on client abort and ends the stream', async () => {
    const h = openStream();
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    expect(h.listeners()).toBe(1);
    expect(h.heartbeat.size()).toBe(1);
    h.abort.abort();
    h.abort.abort();
    expect(await reader.rest()).toEqual([]);
    expect(h.closes).toEqual(['client']);
    expectClean(h);
  });

  it('reports shutdown when the signal reason says so', async () => {
    const h = openStream();
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    h.abort.abort(SSE_SHUTDOWN_REASON);
    expect(await reader.next()).toBeUndefined();
    expect(h.closes).toEqual(['shutdown']);
    expectClean(h);
  });

  it('cleans up once when the consumer cancels', async () => {
    const h = openStream();
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    await reader.cancel();
    h.abort.abort();
    expect(h.closes).toEqual(['client']);
    expectClean(h);
  });

  it('makes no subscription when the signal is already aborted', async () => {
    const bus = createFakeBus();
    const abort = new AbortController();
    abort.abort();
    const closes: SseCloseReason[] = [];
    const heartbeat = createHeartbeat(1000);
    const stream = createSseStream({
      signal: abort.signal,
      subscribe: (after, onEvent) => bus.subscribe(TOPIC, { after }, onEvent),
      snapshot: async () => [RIDE],
      retryMs: 1000,
      heartbeat,
      maxBufferedBytes: 1024,
      onClose: (reason) => closes.push(reason),
    });
    expect(await createSseReader(stream).rest()).toEqual([]);
    expect(bus.subscribeCalls()).toBe(0);
    expect(heartbeat.size()).toBe(0);
    expect(closes).toEqual(['client']);
  });

  it('unsubscribes at once a subscription that resolves after the abort', async () => {
    const bus = createFakeBus();
    const gate = createDeferred<void>();
    bus.gate = () => gate.promise;
    const h = openStream({ bus });
    await waitFor(() => bus.subscribeCalls() === 1, 'subscribe call');
    h.abort.abort();
    expect(h.closes).toEqual(['client']);
    gate.resolve();
    await waitFor(() => h.subscribe.mock.results[0] !== undefined, 'subscribe result');
    await h.subscribe.mock.results[0]?.value;
    await waitFor(() => bus.subscriptions() === 0, 'unsubscribe');
    await publishRides(bus, 1);
    expect(h.snapshot).not.toHaveBeenCalled();
    expectClean(h);
  });

  it('ends with error when subscribe fails', async () => {
    const failure = new Error('bus down');
    const h = openStream({ subscribe: async () => Promise.reject(failure) });
    const reader = createSseReader(h.stream);
    expect((await reader.next())?.retry).toBe(2000);
    await expect(reader.next()).rejects.toBe(failure);
    expect(h.closes).toEqual(['error']);
    expect(h.errors).toEqual([failure]);
    expectClean(h);
  });

  it('ends with error, unsubscribed, when the snapshot fails', async () => {
    const failure = new Error('db down');
    const h = openStream({ snapshot: async () => Promise.reject(failure) });
    const reader = createSseReader(h.stream);
    expect((await reader.next())?.retry).toBe(2000);
    await expect(reader.next()).rejects.toBe(failure);
    expect(h.closes).toEqual(['error']);
    expectClean(h);
  });

  it('ends with error when a bus event cannot be serialised', async () => {
    const h = openStream();
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    await h.bus.publish(TOPIC, { type: 'location', data: { big: BigInt(1) } });
    await expect(reader.next()).rejects.toThrow(TypeError);
    expect(h.closes).toEqual(['error']);
    expectClean(h);
  });

  it('throws on bad options before subscribing', () => {
    const bus = createFakeBus();
    expect(() => openStream({ bus, retryMs: -5 })).toThrow();
    expect(() => openStream({ bus, maxBufferedBytes: 0 })).toThrow(RangeError);
    expect(bus.subscribeCalls()).toBe(0);
  });

  it('survives an onClose that throws', async () => {
    const h = openStream({
      onClose: () => {
        throw new Error('observer bug');
      },
    });
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    h.abort.abort();
    expect(await reader.next()).toBeUndefined();
    expectClean(h);
  });
});

describe('createSseStream: backpressure', () => {
  const payload = 'x'.repeat(300);

  it('drops a client that does not read once its queue passes maxBufferedBytes', async () => {
    const h = openStream({ maxBufferedBytes: 2000 });
    // Nobody reads: everything stays in the stream's queue.
    await waitFor(() => h.bus.subscriptions() === 1, 'subscription');
    let published = 0;
    while (h.closes.length === 0 && published < 100) {
      await h.bus.publish(TOPIC, { type: 'location', data: payload });
      published++;
    }
    expect(h.closes).toEqual(['backpressure']);
    expect(published).toBeLessThan(10);
    expect(h.peak()).toBeLessThanOrEqual(2000);
    expectClean(h);
    const failure = await h.stream.getReader().read().catch((error: unknown) => error);
    expect(isAppError(failure) && failure.code).toBe('SSE_BACKPRESSURE');
  });

  it('counts events held behind a pending snapshot', async () => {
    const slow = createDeferred<SseSnapshotEvent[]>();
    const h = openStream({ maxBufferedBytes: 2000, snapshot: () => slow.promise });
    await waitFor(() => h.bus.subscriptions() === 1, 'subscription');
    for (let i = 0; i < 10 && h.closes.length === 0; i++) {
      await h.bus.publish(TOPIC, { type: 'location', data: payload });
    }
    expect(h.closes).toEqual(['backpressure']);
    expect(h.peak()).toBeLessThanOrEqual(2000);
    slow.resolve([RIDE]);
    expectClean(h);
  });

  it('keeps a client that reads', async () => {
    const h = openStream({ maxBufferedBytes: 2000 });
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    for (let i = 0; i < 200; i++) {
      await h.bus.publish(TOPIC, { type: 'location', data: payload });
      expect((await reader.nextEvent()).event).toBe('location');
    }
    expect(h.closes).toEqual([]);
    await reader.cancel();
  });

  it('admits one event larger than the limit into an empty queue', async () => {
    const h = openStream({ maxBufferedBytes: 100 });
    const reader = createSseReader(h.stream);
    await reader.nextEvent();
    await h.bus.publish(TOPIC, { type: 'location', data: payload });
    expect((await reader.nextEvent()).event).toBe('location');
    expect(h.closes).toEqual([]);
    await reader.cancel();
  });
});
