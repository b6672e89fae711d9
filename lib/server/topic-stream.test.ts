/**
 * streamTopic on the custom server's path (the socket taken over): what an open stream keeps
 * alive. Its callbacks live as long as the stream, so nothing they can reach may hold the
 * route's Request (Next's Request carries the whole request's state).
 */
import net, { type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHeartbeat } from '@/lib/sse/heartbeat';
import { createFakeBus } from '@/lib/sse/testing/fake-bus';
import { waitFor } from '@/lib/sse/testing/wait-for';
import type { RawResponses } from './raw-response';
import { clearServices, setServices, type Services } from './services';
import { streamTopic } from './topic-stream';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const heartbeat = createHeartbeat(60_000);
const shutdown = new AbortController();
const bus = createFakeBus();
let server: net.Server;
let client: net.Socket;
let serverSide: net.Socket;

beforeAll(async () => {
  server = net.createServer((socket) => void (serverSide = socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  client.on('data', () => undefined);
  await waitFor(() => serverSide !== undefined, 'the server side of the socket');
  const rawResponses: RawResponses = {
    takeSocket: (start) => {
      start(serverSide);
      return true;
    },
  } as RawResponses;
  setServices({
    bus, rawResponses, sseHeartbeat: heartbeat, shutdownSignal: shutdown.signal, log: pino({ level: 'silent' }),
    config: { SSE_RETRY_MS: 2000, SSE_MAX_BUFFERED_BYTES: 1 << 20 },
  } as unknown as Services);
});

afterAll(async () => {
  shutdown.abort('shutdown');
  client.destroy();
  heartbeat.close();
  clearServices();
  await new Promise((resolve) => server.close(resolve));
});

it('keeps no hold of the route\'s Request once the stream runs on the socket', async () => {
  const user = { id: 'u_rider', role: 'rider' as const, name: 'Rae' };
  let request: Request | undefined = new Request('http://curbside.test/api/surge/stream', { headers: { 'last-event-id': '5-0' } });
  const held = new WeakRef(request);
  const response = streamTopic(request, user, { kind: 'surge', topic: 'surge', snapshot: async () => [] });
  expect(response.status).toBe(200);
  request = undefined;
  await waitFor(() => bus.subscriptions() === 1, 'the stream to subscribe');
  // No deref() between collections: it keeps its target alive until the end of that turn.
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  // The stream is still open (subscribed), and its Request is gone.
  expect(bus.subscriptions()).toBe(1);
  expect(held.deref()).toBeUndefined();
});
