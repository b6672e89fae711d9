import { describe, expect, it } from 'vitest';
import { createHeartbeat } from './heartbeat';
import { createSseStream, type SseCloseReason } from './sse-stream';
import { createFakeBus } from './testing/fake-bus';
import { createSseReader, type SseReader } from './testing/sse-reader';
import { trackAbortListeners } from './testing/track-listeners';
import { createDeferred, waitFor } from './testing/wait-for';

describe('createSseStream: no leaks', () => {
  it('opens and drops 1,000 streams and leaves no subscription, heartbeat entry or listener', async () => {
    const bus = createFakeBus();
    const heartbeat = createHeartbeat(60_000);
    const closes: SseCloseReason[] = [];
    const streams: Array<{ abort: AbortController; listeners: () => number; reader: SseReader }> = [];

    for (let i = 0; i < 1000; i++) {
      const abort = new AbortController();
      const listeners = trackAbortListeners(abort.signal);
      const stream = createSseStream({
        signal: abort.signal,
        lastEventId: i % 4 === 0 ? '1-0' : undefined,
        subscribe: (after, onEvent) => bus.subscribe(`ride:${i % 10}`, { after }, onEvent),
        snapshot: async () => [{ type: 'ride', data: { i } }],
        retryMs: 1000,
        heartbeat,
        maxBufferedBytes: i % 3 === 2 ? 4096 : 1 << 16,
        onClose: (reason) => closes.push(reason),
      });
      streams.push({ abort, listeners, reader: createSseReader(stream) });
    }
    await Promise.all(streams.map(({ reader }) => reader.nextEvent()));
    expect(bus.subscriptions()).toBe(1000);
    expect(heartbeat.size()).toBe(1000);

    // Three ways out: a backpressure drop (nobody reads these 3 KB events, and every third
    // stream may buffer only 4 KB), the request signal, and the consumer's cancel.
    const blob = 'x'.repeat(3000);
    for (let topic = 0; topic < 10; topic++) {
      await bus.publish(`ride:${topic}`, { type: 'location', data: blob });
      await bus.publish(`ride:${topic}`, { type: 'location', data: blob });
    }
    const dropped = closes.length;
    expect(dropped).toBe(333);
    await Promise.all(
      streams.map(async ({ abort, reader }, i) => {
        if (i % 3 === 0) abort.abort();
        else if (i % 3 === 1) await reader.cancel();
      }),
    );
    await waitFor(() => closes.length === 1000, 'every onClose');
    expect(closes.filter((reason) => reason === 'backpressure')).toHaveLength(333);
    expect(closes.filter((reason) => reason === 'client')).toHaveLength(667);
    expect(bus.subscriptions()).toBe(0);
    expect(heartbeat.size()).toBe(0);
    expect(streams.reduce((sum, { listeners }) => sum + listeners(), 0)).toBe(0);
  });

  it('leaves nothing behind for streams aborted while subscribing', async () => {
    const bus = createFakeBus();
    const gate = createDeferred<void>();
    bus.gate = () => gate.promise;
    const heartbeat = createHeartbeat(60_000);
    const counts: Array<() => number> = [];
    for (let i = 0; i < 200; i++) {
      const abort = new AbortController();
      counts.push(trackAbortListeners(abort.signal));
      createSseStream({
        signal: abort.signal,
        subscribe: (after, onEvent) => bus.subscribe('t', { after }, onEvent),
        snapshot: async () => [],
        retryMs: 1000,
        heartbeat,
        maxBufferedBytes: 1 << 16,
      });
      abort.abort();
    }
    gate.resolve();
    await waitFor(() => bus.subscribeCalls() === 200, 'subscribe calls');
    await waitFor(() => bus.subscriptions() === 0, 'late unsubscribes');
    expect(heartbeat.size()).toBe(0);
    expect(counts.reduce((sum, count) => sum + count(), 0)).toBe(0);
  });
});
