/**
 * The real server (production build, Next route handlers, custom upgrade router) in a child
 * process on a random port: what outside clients see.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createRedisBus } from '@/lib/bus/redis-bus';
import type { EventBus } from '@/lib/bus/types';
import { compareIds } from '@/lib/sse/testing/sse-reader';
import { openStream, signIn, TestSocket } from '@/lib/testing/clients';
import { externalServiceUrl, needs } from '@/lib/testing/external-service';
import { startServerProcess, type ServerProcess } from '@/lib/testing/server-process';
import { waitFor } from '@/lib/testing/wait-for';

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('upgrade was accepted'));
    });
    ws.on('error', () => undefined);
  });
}

async function openSocket(url: string, cookie: string): Promise<{ ws: WebSocket; frames: Array<Record<string, unknown>>; closed: Promise<number> }> {
  const socket = await TestSocket.open(url.replace(/\/ws$/, '').replace(/^ws/, 'http'), { cookie, user: { id: '', role: 'rider', name: '' } });
  return { ws: socket.ws, frames: socket.frames, closed: socket.closed };
}

/**
 * Both ways a stream is served: an EventSource's request (`Accept: text/event-stream`), whose
 * socket the route handler takes over from Next (lib/server/raw-response.ts), and any other
 * client, which gets Next's streaming `Response`.
 */
const STREAM_CLIENTS: Array<[string, Record<string, string>]> = [
  ['EventSource request: socket taken over', { accept: 'text/event-stream' }],
  ['plain request: Next streams the Response', {}],
];

describe('server on embedded defaults', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ SSE_HEARTBEAT_MS: '1000', REDIS_URL: '', DATABASE_URL: '' });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('signs in, reads and ends a session, with the cookie attributes of API.md', async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'driver', name: 'Bo' }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^curbside_session=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const { user } = (await response.json()) as { user: { id: string; role: string; name: string } };
    expect(user).toMatchObject({ role: 'driver', name: 'Bo' });
    const cookie = setCookie.split(';')[0]!;
    expect(await (await fetch(`${server.url}/api/session`, { headers: { cookie } })).json()).toEqual({ user });
    const signedOut = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it.each([
    ['not JSON', '{role:', 400, 'BAD_JSON'],
    ['a wrong role', JSON.stringify({ role: 'admin', name: 'x' }), 400, 'INVALID'],
    ['a wrong type', JSON.stringify({ role: 'rider', name: 42 }), 400, 'INVALID'],
    ['an empty name', JSON.stringify({ role: 'rider', name: '  ' }), 400, 'INVALID'],
    ['a 41-character name', JSON.stringify({ role: 'rider', name: 'x'.repeat(41) }), 400, 'INVALID'],
    ['an oversized body', JSON.stringify({ role: 'rider', name: 'x', pad: 'y'.repeat(5000) }), 413, 'TOO_LARGE'],
  ])('refuses a sign-in with %s', async (_, body, status, code) => {
    const response = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('answers 401 to missing and tampered cookies on every authenticated endpoint', async () => {
    const { cookie } = await signIn(server.url);
    const tampered = `${cookie.slice(0, -3)}abc`;
    for (const path of ['/api/session', '/api/surge/stream', '/api/rides/r1/stream']) {
      for (const headers of [{}, { cookie: tampered }] as Array<Record<string, string>>) {
        const response = await fetch(`${server.url}${path}`, { headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
      }
    }
  });

  it('answers 404 for an unknown ride stream', async () => {
    const { cookie } = await signIn(server.url);
    const response = await fetch(`${server.url}/api/rides/no-such-ride/stream`, { headers: { cookie } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it.each(STREAM_CLIENTS)('streams surge with the SSE headers, retry first, an id on the snapshot and heartbeat comments (%s)', async (_, accept) => {
    const { cookie } = await signIn(server.url);
    const { response, reader, abort } = await openStream(`${server.url}/api/surge/stream`, { cookie, ...accept });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect((await reader.next())?.retry).toBe(2000);
    const snapshot = await reader.nextEvent();
    expect(snapshot.event).toBe('surge');
    expect(snapshot.id).toMatch(/^\d+-\d+$/);
    expect(JSON.parse(snapshot.data)).toMatchObject({ full: true, cells: [] });
    const startedAt = Date.now();
    let heartbeat = await reader.next();
    while (heartbeat && heartbeat.comments.length === 0) heartbeat = await reader.next();
    expect(heartbeat?.comments.length).toBeGreaterThan(0);
    expect(Date.now() - startedAt).toBeLessThan(2500);
    abort();
  });

  it('refuses WebSocket upgrades without a session (401), from a foreign Origin (403), and off /ws (404)', async () => {
    const wsUrl = server.url.replace('http', 'ws');
    const { cookie } = await signIn(server.url);
    expect(await upgradeStatus(`${wsUrl}/ws`, {})).toBe(401);
    expect(await upgradeStatus(`${wsUrl}/ws`, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${wsUrl}/elsewhere`, { cookie })).toBe(404);
    const socket = await openSocket(`${wsUrl}/ws`, cookie);
    expect(socket.frames[0]).toMatchObject({ type: 'hello', heartbeatMs: 30_000 });
    socket.ws.close();
  });
});

describe('start-up configuration', () => {
  it.each([
    ['PORT', 'eighty'],
    ['REDIS_URL', 'http://not-redis'],
    ['SESSION_SECRET', 'too-short'],
  ])('refuses to start when %s=%s, naming the variable', async (variable, value) => {
    await expect(startServerProcess({ [variable]: value })).rejects.toThrow(new RegExp(`exited with 1[\\s\\S]*${variable}`));
  });
});

describe('graceful shutdown', () => {
  it.each(STREAM_CLIENTS)('closes sockets with 1012, ends SSE streams, logs each close and exits 0 within 10 s (%s)', async (_, accept) => {
    const server = await startServerProcess({ REDIS_URL: '', DATABASE_URL: '' });
    try {
      const { cookie } = await signIn(server.url);
      const socket = await openSocket(`${server.url.replace('http', 'ws')}/ws`, cookie);
      const stream = await openStream(`${server.url}/api/surge/stream`, { cookie, ...accept });
      await stream.reader.nextEvent();
      const startedAt = Date.now();
      const exit = server.stop('SIGTERM');
      expect(await socket.closed).toBe(1012);
      expect(await stream.reader.rest()).toBeDefined();
      expect(await exit).toBe(0);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      const closes = server.logs.filter((line) => line.event === 'ws.close' || line.event === 'sse.close');
      expect(closes).toEqual(expect.arrayContaining([
        expect.objectContaining({ event: 'ws.close', kind: 'ws', code: 1012, durationMs: expect.any(Number), user: expect.any(String) }),
        expect.objectContaining({ event: 'sse.close', kind: 'surge', reason: 'shutdown', durationMs: expect.any(Number) }),
      ]));
    } finally {
      await server.stop('SIGKILL');
    }
  });
});

const redisUrl = externalServiceUrl('REDIS_URL');

describe.skipIf(!redisUrl)(`server on Redis: replay, snapshot, cross-instance delivery, backpressure ${needs('REDIS_URL', redisUrl)}`, () => {
  const prefix = `curbside-test-${randomUUID().slice(0, 8)}:`;
  let server: ServerProcess;
  let bus: EventBus;
  beforeAll(async () => {
    server = await startServerProcess({ REDIS_URL: redisUrl!, REDIS_PREFIX: prefix, SSE_MAX_BUFFERED_BYTES: '65536', DATABASE_URL: '' });
    // A second "instance": publishes into the same Redis as the server under test.
    bus = createRedisBus(redisUrl!, {}, { keyPrefix: `${prefix}bus:` });
  });
  afterAll(async () => {
    await bus?.close();
    await server?.stop('SIGKILL');
  });

  it.each(STREAM_CLIENTS)('replays every event after Last-Event-ID (header or query), in order, without duplicates (%s)', async (_, accept) => {
    const { cookie } = await signIn(server.url);
    const first = await openStream(`${server.url}/api/surge/stream`, { cookie, ...accept });
    const snapshot = await first.reader.nextEvent();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await bus.publish('surge', { type: 'surge', data: { full: false, cells: [{ h3: `c${i}`, multiplier: 1.5 }], at: 'now' } }));
    const live = [];
    for (let i = 0; i < 5; i++) live.push(await first.reader.nextEvent());
    expect(live.map((event) => event.id)).toEqual(ids);
    expect(compareIds(ids[0]!, snapshot.id)).toBeGreaterThan(0);
    first.abort();

    // Missed while disconnected: published after the client's last id.
    const missed: string[] = [];
    for (let i = 5; i < 8; i++) missed.push(await bus.publish('surge', { type: 'surge', data: { full: false, cells: [{ h3: `c${i}`, multiplier: 2 }], at: 'now' } }));

    const resumed = await openStream(`${server.url}/api/surge/stream`, { cookie, ...accept, 'last-event-id': ids[2]! });
    const replayed = [];
    for (let i = 0; i < 5; i++) replayed.push(await resumed.reader.nextEvent());
    expect(replayed.map((event) => event.id)).toEqual([ids[3], ids[4], ...missed]);
    expect(replayed.every((event) => JSON.parse(event.data).full === false)).toBe(true);
    resumed.abort();

    const byQuery = await openStream(`${server.url}/api/surge/stream?lastEventId=${missed[1]}`, { cookie, ...accept });
    const next = await byQuery.reader.nextEvent();
    expect(next.id).toBe(missed[2]);
    byQuery.abort();
  });

  it.each(STREAM_CLIENTS)('sends a fresh snapshot when the id is unknown or too old (%s)', async (_, accept) => {
    const { cookie } = await signIn(server.url);
    for (const id of ['1-0', 'garbage', '99999999999999-5']) {
      const stream = await openStream(`${server.url}/api/surge/stream`, { cookie, ...accept, 'last-event-id': id });
      expect(JSON.parse((await stream.reader.nextEvent()).data)).toMatchObject({ full: true });
      stream.abort();
    }
  });

  it('delivers a frame published on another instance to the user\'s WebSocket', async () => {
    const { cookie, user } = await signIn(server.url, 'driver');
    const socket = await openSocket(`${server.url.replace('http', 'ws')}/ws`, cookie);
    // The hub subscribes to the user's topic before it handles frames: an acked resume proves it.
    socket.ws.send(JSON.stringify({ type: 'resume', chat: {}, ref: 'ready' }));
    await waitFor(() => socket.frames.some((frame) => frame.ref === 'ready'), 5000, 'resume ack');
    await bus.publish(`user:${user.id}`, { type: 'ws', data: { type: 'ride', ride: { id: 'r-remote' } } });
    await waitFor(() => socket.frames.some((frame) => frame.type === 'ride'), 5000, 'the delivered frame');
    socket.ws.close();
  });

  it.each(STREAM_CLIENTS)('drops an SSE client that stops reading once its unsent data passes the bound (%s)', async (_, accept) => {
    const { cookie } = await signIn(server.url);
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const headers = Object.entries(accept).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`GET /api/surge/stream HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${cookie}\r\n${headers}\r\n`);
    socket.pause(); // never read: the kernel buffers fill, then the server's queue
    const big = 'x'.repeat(60_000);
    const before = server.logs.filter((line) => line.event === 'sse.close' && line.reason === 'backpressure').length;
    const dropped = () => server.logs.filter((line) => line.event === 'sse.close' && line.reason === 'backpressure').length > before;
    for (let i = 0; i < 400 && !dropped(); i++) {
      await bus.publish('surge', { type: 'surge', data: { full: false, cells: [], at: big } });
    }
    await waitFor(dropped, 10_000, 'the backpressure drop');
    // The server must also let go of the socket itself, not only of the subscription.
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resume();
    await closed;
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { sseStreams: number };
    expect(health.sseStreams).toBe(0);
  });
});
