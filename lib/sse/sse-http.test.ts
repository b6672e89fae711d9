/**
 * SSE over real sockets: a `node:http` server on port 0 serving `sseResponse`, read by
 * `fetch` and by a raw `net` client that never reads.
 */
import net from 'node:net';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentBusLogger } from '@/lib/bus/logger';
import { createMemoryBus } from '@/lib/bus/memory-bus';
import { createHeartbeat } from './heartbeat';
import { sseResponse } from './sse-response';
import type { SseCloseReason } from './sse-stream';
import { createFakeBus, type FakeBus } from './testing/fake-bus';
import { startTestServer, type TestServer } from './testing/node-adapter';
import { createSseReader } from './testing/sse-reader';
import { trackAbortListeners } from './testing/track-listeners';
import { waitFor } from './testing/wait-for';

const TOPIC = 'ride:1';
const HEARTBEAT_MS = 100;
const heartbeat = createHeartbeat(HEARTBEAT_MS);

/** Per-test knobs the shared server reads on each request. */
const config = {
  bus: createFakeBus() as FakeBus,
  shutdown: new AbortController(),
  maxBufferedBytes: 1 << 20,
};
const closes: SseCloseReason[] = [];
const requestListeners: Array<() => number> = [];
let peakBuffered = 0;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((request) => {
    requestListeners.push(trackAbortListeners(request.signal));
    const { bus } = config;
    return sseResponse(request, {
      subscribe: (after, onEvent) => bus.subscribe(TOPIC, { after }, onEvent),
      snapshot: async () => [{ type: 'ride', data: { id: 'r1', status: 'accepted' } }],
      retryMs: 1500,
      heartbeat,
      maxBufferedBytes: config.maxBufferedBytes,
      shutdownSignal: config.shutdown.signal,
      onClose: (reason) => closes.push(reason),
      onQueued: (bytes) => {
        peakBuffered = Math.max(peakBuffered, bytes);
      },
    });
  });
});

afterAll(async () => {
  await server.close();
  heartbeat.close();
});

afterEach(async () => {
  // Every test must leave the server as it found it.
  await waitFor(() => config.bus.subscriptions() === 0 && heartbeat.size() === 0, 'streams to end');
  expect(requestListeners.reduce((sum, count) => sum + count(), 0)).toBe(0);
  config.bus = createFakeBus();
  config.shutdown = new AbortController();
  config.maxBufferedBytes = 1 << 20;
  closes.length = 0;
  requestListeners.length = 0;
  peakBuffered = 0;
});

async function connect(path = '/stream', headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(`${server.url}${path}`, { headers, signal: abort.signal });
  const reader = createSseReader(response.body ?? new ReadableStream());
  const close = async (): Promise<void> => {
    abort.abort();
    await reader.cancel().catch(() => {});
  };
  return { response, reader, close };
}

describe('SSE over HTTP', () => {
  it('sends the SSE headers, retry, a snapshot, live events and keep-alives', async () => {
    await config.bus.publish(TOPIC, { type: 'location', data: { lat: 0 } });
    const { response, reader, close } = await connect();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    expect((await reader.next())?.retry).toBe(1500);
    expect(await reader.nextEvent()).toMatchObject({ id: '1-0', event: 'ride' });
    await waitFor(() => config.bus.subscriptions() === 1, 'subscription');
    const live = await config.bus.publish(TOPIC, { type: 'location', data: { lat: 1, lng: 2 } });
    expect(await reader.nextEvent()).toMatchObject({ id: live, event: 'location', data: '{"lat":1,"lng":2}' });

    let message = await reader.next();
    while (message && message.comments.length === 0) message = await reader.next();
    expect(message?.comments).toEqual(['keep-alive']);
    await close();
    await waitFor(() => closes.length === 1, 'close');
    expect(closes).toEqual(['client']);
  });

  it('replays after the Last-Event-ID header, in order, without snapshot or duplicate', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await config.bus.publish(TOPIC, { type: 'location', data: { i } }));
    const { reader, close } = await connect('/stream?lastEventId=1-0', { 'Last-Event-ID': ids[2] ?? '' });
    expect((await reader.next())?.retry).toBe(1500);
    const first = await reader.nextEvent();
    const second = await reader.nextEvent();
    expect([first.id, second.id]).toEqual([ids[3], ids[4]]);
    expect(first.event).toBe('location');
    await close();
  });

  it('on the real in-memory bus, a stream opened on an empty topic resumes from its snapshot id with every event since, and no second snapshot', async () => {
    const memory = createMemoryBus({}, { logger: silentBusLogger });
    config.bus = Object.assign(memory, { gate: undefined, subscriptions: () => memory.stats().subscriptions, subscribeCalls: () => 0 });
    const first = await connect();
    expect((await first.reader.next())?.retry).toBe(1500);
    const snapshot = await first.reader.nextEvent();
    expect(snapshot.event).toBe('ride');
    expect(snapshot.id, 'not the empty-head id, which cannot be resumed from').not.toBe('0-0');
    await first.close();
    await waitFor(() => config.bus.subscriptions() === 0, 'the first stream to end');
    // Published while the client is away: the reconnect must replay these, not send a new snapshot.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await config.bus.publish(TOPIC, { type: 'location', data: { i } }));
    const again = await connect('/stream', { 'Last-Event-ID': snapshot.id ?? '' });
    expect((await again.reader.next())?.retry).toBe(1500);
    const replayed = [await again.reader.nextEvent(), await again.reader.nextEvent(), await again.reader.nextEvent()];
    expect(replayed.map((event) => [event.id, event.event])).toEqual(ids.map((id) => [id, 'location']));
    await again.close();
  });

  it('replays after ?lastEventId= on a first connect', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await config.bus.publish(TOPIC, { type: 'location', data: { i } }));
    const { reader, close } = await connect(`/stream?lastEventId=${ids[1]}`);
    expect(await reader.nextEvent()).toMatchObject({ id: ids[2], event: 'location' });
    await close();
  });

  it('ends every stream with shutdown when the shutdown signal aborts', async () => {
    const clients = await Promise.all([connect(), connect(), connect()]);
    await Promise.all(clients.map(({ reader }) => reader.nextEvent()));
    config.shutdown.abort();
    await Promise.all(clients.map(({ reader }) => reader.rest()));
    expect(closes).toEqual(['shutdown', 'shutdown', 'shutdown']);
  });

  it('opens and drops 100 streams and leaves no subscription, heartbeat entry or listener', async () => {
    const shutdownListeners = trackAbortListeners(config.shutdown.signal);
    const clients = await Promise.all(Array.from({ length: 100 }, () => connect()));
    await Promise.all(clients.map(({ reader }) => reader.nextEvent()));
    await waitFor(() => config.bus.subscriptions() === 100, '100 subscriptions');
    expect(heartbeat.size()).toBe(100);
    // One native listener fans out to every stream (on-abort.ts).
    expect(shutdownListeners()).toBe(1);

    await Promise.all(clients.map(({ close }) => close()));
    await waitFor(() => closes.length === 100, 'every onClose');
    expect(closes.every((reason) => reason === 'client')).toBe(true);
    expect(config.bus.subscriptions()).toBe(0);
    expect(heartbeat.size()).toBe(0);
    expect(shutdownListeners()).toBe(0);
  });

  it('drops a client that never reads, holding at most maxBufferedBytes plus one event', async () => {
    const maxBufferedBytes = 256 * 1024;
    config.maxBufferedBytes = maxBufferedBytes;
    const client = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    // Only this client's server-side socket: idle pooled sockets from fetch may connect too.
    let serverSocket: net.Socket | undefined;
    const onConnection = (socket: net.Socket): void => {
      if (socket.remotePort === client.localPort) serverSocket = socket;
    };
    server.server.on('connection', onConnection);
    await once(client, 'connect');
    client.write('GET /stream HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n');
    // Never read: Node stops pulling from the kernel once its own small buffer is full, then
    // the kernel buffers fill, then the server's writes stall and the SSE queue grows.
    client.pause();
    await waitFor(() => config.bus.subscriptions() === 1, 'subscription');

    const blob = 'x'.repeat(64 * 1024);
    let published = 0;
    while (closes.length === 0 && published < 4000) {
      await config.bus.publish(TOPIC, { type: 'location', data: blob });
      published++;
      // Let the socket writes and 'drain' events run between publishes.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(closes).toEqual(['backpressure']);
    const oneEvent = 64 * 1024 + 100;
    expect(peakBuffered).toBeGreaterThan(maxBufferedBytes - oneEvent);
    expect(peakBuffered).toBeLessThanOrEqual(maxBufferedBytes + oneEvent);
    // The drop reaches the socket even though the writer was parked waiting for 'drain'.
    await waitFor(() => serverSocket?.destroyed === true, 'server socket destroyed');

    server.server.off('connection', onConnection);
    client.destroy();
  });
});
