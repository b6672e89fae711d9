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
const warnings: Array<Record<string, unknown>> = [];

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
    bus, rawResponses, sseHeartbeat: heartbeat, shutdownSignal: shutdown.signal, log: pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as Record<string, unknown>) }),
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

/** A fresh client connection, and the server side of it that takeSocket will hand over. */
async function connectAgain(): Promise<net.Socket> {
  const previous = serverSide;
  client.destroy();
  client = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  client.on('data', () => undefined);
  await waitFor(() => serverSide !== previous, 'the server side of the new socket');
  return client;
}

it('warns when a stream asked to resume gets a snapshot instead (the one way a stream skips events), and only then', async () => {
  const user = { id: 'u_rider2', role: 'rider' as const, name: 'Rae' };
  warnings.length = 0; // the test above resumes from an id its bus never had
  const kept = await bus.publish('ride:r_kept', { type: 'location', data: { n: 1 } });
  const before = bus.subscriptions();
  await connectAgain();
  streamTopic(new Request('http://curbside.test/api/rides/r_kept/stream', { headers: { 'last-event-id': kept } }), user, { kind: 'ride', topic: 'ride:r_kept', snapshot: async () => [] });
  await waitFor(() => bus.subscriptions() === before + 1, 'the replaying stream to subscribe');
  expect(warnings.filter((w) => w.event === 'sse.resume_gap')).toEqual([]);

  await connectAgain();
  streamTopic(new Request('http://curbside.test/api/rides/r_gone/stream', { headers: { 'last-event-id': '999999-0' } }), user, { kind: 'ride', topic: 'ride:r_gone', snapshot: async () => [] });
  await waitFor(() => warnings.some((w) => w.event === 'sse.resume_gap'), 'the gap warning');
  expect(warnings.filter((w) => w.event === 'sse.resume_gap')).toEqual([
    expect.objectContaining({ level: 40, kind: 'ride', user: 'u_rider2', topic: 'ride:r_gone', after: '999999-0' }),
  ]);
});
