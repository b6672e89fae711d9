/**
 * The socket take-over that serves EventSource streams on the custom server, on a real
 * `node:http` server playing Next's part: the "framework" writes its own response after the
 * route took the socket, and hangs state on the request, as Next does.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHeartbeat } from '@/lib/sse/heartbeat';
import { sseOverSocket } from '@/lib/sse/socket-sse';
import type { SseCloseReason } from '@/lib/sse/sse-session';
import { createFakeBus, type FakeBus } from '@/lib/sse/testing/fake-bus';
import { createSseParser } from '@/lib/sse/testing/sse-reader';
import { waitFor } from '@/lib/sse/testing/wait-for';
import { createRawResponses } from './raw-response';

const FRAMEWORK_STATE = Symbol('framework request meta');
/** Like Next's request stores: what any async resource created inside the request would keep alive. */
const frameworkContext = new AsyncLocalStorage<{ res: http.ServerResponse }>();
const heartbeat = createHeartbeat(100);
const raw = createRawResponses();
const state = {
  bus: createFakeBus() as FakeBus,
  shutdown: new AbortController(),
  maxBufferedBytes: 1 << 20,
  closes: [] as SseCloseReason[],
  taken: [] as Array<boolean>,
  /** Per subscribe: whether the framework's request context was visible to the stream's own code. */
  subscribedInRequestContext: [] as Array<boolean>,
  requests: [] as http.IncomingMessage[],
};
let server: http.Server;
let port: number;

/** What a route handler does: authorise, take the socket when it can, else answer itself. */
async function route(request: Request): Promise<Response> {
  await Promise.resolve(); // a route runs asynchronously, after the framework's own awaits
  const lastEventId = request.headers.get('last-event-id') ?? undefined;
  const taken = raw.takeSocket((socket) => sseOverSocket(socket, lastEventId, {
    subscribe: (after, onEvent) => {
      state.subscribedInRequestContext.push(frameworkContext.getStore() !== undefined);
      return state.bus.subscribe('t', { after }, onEvent);
    },
    snapshot: async () => [{ type: 'hello', data: { n: 0 } }],
    retryMs: 1500,
    heartbeat,
    maxBufferedBytes: state.maxBufferedBytes,
    shutdownSignal: state.shutdown.signal,
    onClose: (reason) => state.closes.push(reason),
  }));
  state.taken.push(taken);
  if (!taken) return new Response('not an event stream', { status: 406 });
  // A second take in the same request gets nothing.
  expect(raw.takeSocket(() => expect.fail('started twice'))).toBe(false);
  return new Response(null, { status: 200, headers: { 'x-framework': 'wrote this' } });
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    state.requests.push(req);
    void raw.run(req, res, () => frameworkContext.run({ res }, async () => {
      // Like Next: state on the request, and listeners whose closures hold the response.
      (req as unknown as Record<symbol, unknown>)[FRAMEWORK_STATE] = { big: new Array(1000).fill(res) };
      req.on('error', () => res.destroy());
      const url = `http://${req.headers.host}${req.url}`;
      const response = await route(new Request(url, { headers: req.headers as Record<string, string> }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  heartbeat.close();
});

afterEach(async () => {
  await waitFor(() => state.bus.subscriptions() === 0 && heartbeat.size() === 0, 'streams to end');
  state.bus = createFakeBus();
  state.closes = [];
  state.taken = [];
  state.subscribedInRequestContext = [];
  state.requests = [];
});

/** A raw client: the request, then everything the server sends, as text. */
function open(path: string, headers: Record<string, string>) {
  const socket = net.connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => void (text += chunk));
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${lines}\r\n`);
  const ended = once(socket, 'close');
  return { socket, text: () => text, ended };
}

const events = (text: string) => createSseParser()(text.slice(text.indexOf('\r\n\r\n') + 4)).filter((m) => m.event);

describe('taking an SSE request\'s socket over', () => {
  it('streams the session on the socket, and nothing the framework writes afterwards reaches the client', async () => {
    const client = open('/s', { accept: 'text/event-stream' });
    await waitFor(() => state.bus.subscriptions() === 1 && client.text().includes('event: hello'), 'the snapshot');
    const id = await state.bus.publish('t', { type: 'tick', data: { n: 1 } });
    await waitFor(() => client.text().includes(`id: ${id}`), 'the live event');
    const text = client.text();
    expect(text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(text).toContain('Content-Type: text/event-stream; charset=utf-8\r\n');
    expect(text).toContain('Cache-Control: no-cache, no-transform\r\n');
    expect(text).toContain('X-Accel-Buffering: no\r\n');
    expect(text).toContain('Connection: close\r\n');
    expect(text).not.toMatch(/x-framework/i);
    expect(text.match(/HTTP\/1\.1/g)).toHaveLength(1);
    expect(text).toContain('retry: 1500');
    expect(events(text).map((e) => e.event)).toEqual(['hello', 'tick']);
    expect(state.taken).toEqual([true]);
    client.socket.destroy();
    await waitFor(() => state.closes.length === 1, 'the close');
    expect(state.closes).toEqual(['client']);
  });

  it('leaves other requests to the framework', async () => {
    const client = open('/s', { accept: 'application/json', connection: 'close' });
    await client.ended;
    expect(state.taken).toEqual([false]);
    expect(client.text()).toMatch(/^HTTP\/1\.1 406/);
    expect(client.text()).toContain('not an event stream');
  });

  it('gives the request back as Node made it once the framework is done (its state would live as long as the socket)', async () => {
    const client = open('/s', { accept: 'text/event-stream' });
    await waitFor(() => state.bus.subscriptions() === 1, 'the subscription');
    const [req] = state.requests;
    await waitFor(() => !(FRAMEWORK_STATE in req!), 'the framework state to go');
    expect(req!.listenerCount('error')).toBe(0);
    expect(req!.headers.accept).toBe('text/event-stream');
    client.socket.destroy();
  });

  it('starts the stream outside the request\'s async context, which its long-lived promises would otherwise keep alive', async () => {
    const client = open('/s', { accept: 'text/event-stream' });
    await waitFor(() => state.bus.subscriptions() === 1, 'the subscription');
    expect(state.subscribedInRequestContext).toEqual([false]);
    client.socket.destroy();
  });

  it('replays after Last-Event-ID like any stream', async () => {
    const first = await state.bus.publish('t', { type: 'tick', data: { n: 1 } });
    const second = await state.bus.publish('t', { type: 'tick', data: { n: 2 } });
    const client = open('/s', { accept: 'text/event-stream', 'last-event-id': first });
    await waitFor(() => client.text().includes(`id: ${second}`), 'the replay');
    expect(events(client.text()).map((e) => e.id)).toEqual([second]);
    client.socket.destroy();
  });

  it('ends every stream gracefully on shutdown: the client reads what was queued, then the socket closes', async () => {
    const client = open('/s', { accept: 'text/event-stream' });
    await waitFor(() => state.bus.subscriptions() === 1 && client.text().includes('event: hello'), 'the snapshot');
    state.shutdown.abort('shutdown');
    await client.ended;
    expect(state.closes).toEqual(['shutdown']);
    state.shutdown = new AbortController();
  });

  it('drops a client that stops reading, and lets go of its socket', async () => {
    state.maxBufferedBytes = 64 * 1024;
    const client = open('/s', { accept: 'text/event-stream' });
    await waitFor(() => state.bus.subscriptions() === 1 && client.text().includes('event: hello'), 'the snapshot');
    client.socket.pause();
    const big = 'x'.repeat(60_000);
    for (let i = 0; i < 400 && state.closes.length === 0; i++) {
      await state.bus.publish('t', { type: 'tick', data: { big } });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(state.closes).toEqual(['backpressure']);
    client.socket.resume();
    await client.ended;
    state.maxBufferedBytes = 1 << 20;
  });
});
