import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createMemoryBus } from '@/lib/bus/memory-bus';
import type { EventBus } from '@/lib/bus/types';
import { AppError } from '@/lib/errors';
import { createSessions } from '@/lib/server/sessions';
import { createHub, type Hub } from './hub';

const sessions = createSessions(new TextEncoder().encode('s'.repeat(48)), 3600);
const log = pino({ level: 'silent' });

interface Frame { type: string; [key: string]: unknown }

/** A test client that records every frame and lets a test wait for one. */
class Client {
  readonly frames: Frame[] = [];
  /** Messages that came as binary (all of ours are JSON text, which a browser gets as a string). */
  binaryMessages = 0;
  private waiters: Array<() => void> = [];
  closed: Promise<{ code: number; reason: string }>;
  constructor(readonly ws: WebSocket, options: { autoPong?: boolean } = {}) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.binaryMessages++;
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      if (frame.type === 'ping' && options.autoPong !== false) ws.send('{"type":"pong"}');
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }
  async next(predicate: (frame: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  send(frame: unknown) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** An HTTP server that hands every upgrade to `hub`, listening on a free port. */
async function serve(hub: Hub): Promise<Server> {
  const server = createServer((_, res) => res.writeHead(404).end());
  server.on('upgrade', (request, socket, head) => hub.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('WebSocket hub', () => {
  let server: Server;
  let hub: Hub;
  let bus: EventBus;
  let url: string;
  const clients: Client[] = [];

  const start = async (overrides: Partial<Parameters<typeof createHub>[0]> = {}) => {
    bus = createMemoryBus();
    hub = createHub({
      bus, sessions, log, heartbeatMs: 10_000, maxFrameBytes: 1024, maxFramesPer10s: 50, allowedOrigins: ['https://allowed.example'],
      ...overrides,
    });
    server = await serve(hub);
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  };

  const connect = async (role: 'rider' | 'driver' = 'rider', options: { autoPong?: boolean; token?: string } = {}) => {
    const token = options.token ?? (await sessions.signIn(role, 'Test')).token;
    const ws = new WebSocket(url, { headers: { cookie: `curbside_session=${token}` } });
    const client = new Client(ws, options);
    clients.push(client);
    await client.next((frame) => frame.type === 'hello');
    return client;
  };

  const upgradeStatus = (headers: Record<string, string>) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
      ws.on('open', () => reject(new Error('upgrade should have been refused')));
      ws.on('error', () => undefined);
    });

  beforeEach(async () => start());
  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await hub.close();
    await bus.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses an upgrade without a valid session with 401, and a foreign Origin with 403', async () => {
    expect(await upgradeStatus({})).toBe(401);
    expect(await upgradeStatus({ cookie: 'curbside_session=forged.token.value' })).toBe(401);
    const { token } = await sessions.signIn('rider', 'Eve');
    expect(await upgradeStatus({ cookie: `curbside_session=${token}`, origin: 'https://evil.example' })).toBe(403);
    const ok = new WebSocket(url, { headers: { cookie: `curbside_session=${token}`, origin: 'https://allowed.example' } });
    await new Promise((resolve, reject) => { ok.on('open', resolve); ok.on('error', reject); });
    ok.terminate();
  });

  it('sends hello first, with the user, a connection id and the heartbeat interval', async () => {
    const client = await connect('driver');
    expect(client.frames[0]).toMatchObject({ type: 'hello', user: { role: 'driver', name: 'Test' }, heartbeatMs: 10_000 });
    expect(client.frames[0]!.connectionId).toMatch(/^c_/);
  });

  it('answers bad input with error frames and stays up', async () => {
    const client = await connect();
    client.send('{not json');
    expect(await client.next((f) => f.code === 'BAD_JSON')).toMatchObject({ type: 'error' });
    client.send('[1,2]');
    await client.next((f) => f.code === 'BAD_FRAME');
    client.send({ type: 'no.such.thing', ref: 'r1' });
    expect(await client.next((f) => f.ref === 'r1')).toMatchObject({ type: 'error', code: 'UNKNOWN_TYPE' });
    client.send({ type: 'location', lat: 'north', lng: 200, ref: 'r2' });
    expect(await client.next((f) => f.ref === 'r2')).toMatchObject({ type: 'error', code: 'INVALID' });
    client.send({ type: 'chat.send', rideId: 'r', clientId: 'c', body: '   ', ref: 'r3' });
    expect(await client.next((f) => f.ref === 'r3')).toMatchObject({ type: 'error', code: 'INVALID' });
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next((f) => f.code === 'BAD_FRAME' && String(f.message).includes('JSON text'))).toBeTruthy();
    client.send({ type: 'pong', ref: 'alive' });
    expect(await client.next((f) => f.ref === 'alive')).toMatchObject({ type: 'ack' });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('dispatches validated frames to registered handlers, acks refs and maps AppError codes', async () => {
    const seen: string[] = [];
    hub.on('chat.send', (frame, connection) => {
      seen.push(frame.body);
      if (frame.body === 'boom') throw new AppError('FORBIDDEN', 'not your ride', 403);
      return { from: connection.user.id };
    });
    expect(() => hub.on('chat.send', () => undefined)).toThrow(/already registered/);
    const client = await connect();
    for (let i = 0; i < 20; i++) client.send({ type: 'chat.send', rideId: 'r', clientId: `c${i}`, body: `m${i}`, ref: `r${i}` });
    client.send({ type: 'chat.send', rideId: 'r', clientId: 'x', body: 'boom', ref: 'bad' });
    const ack = await client.next((f) => f.ref === 'r19');
    expect(ack).toMatchObject({ type: 'ack', from: client.frames[0]!.user && (client.frames[0]!.user as { id: string }).id });
    expect(await client.next((f) => f.ref === 'bad')).toMatchObject({ type: 'error', code: 'FORBIDDEN', message: 'not your ride' });
    expect(seen).toEqual([...Array.from({ length: 20 }, (_, i) => `m${i}`), 'boom']);
    client.send({ type: 'offer.accept', offerId: 'o1', ref: 'na' });
    expect(await client.next((f) => f.ref === 'na')).toMatchObject({ type: 'error', code: 'UNAVAILABLE' });
  });

  it('closes a connection that sends a frame over the size limit with 1009', async () => {
    const client = await connect();
    client.send({ type: 'chat.send', rideId: 'r', clientId: 'c', body: 'x'.repeat(2000) });
    expect((await client.closed).code).toBe(1009);
  });

  it('rate-limits a flooding connection with RATE_LIMITED frames', async () => {
    const client = await connect();
    for (let i = 0; i < 80; i++) client.send({ type: 'pong' });
    expect(await client.next((f) => f.code === 'RATE_LIMITED')).toMatchObject({ type: 'error' });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('pings every interval and terminates a peer silent for two intervals', async () => {
    await hub.close();
    await start({ heartbeatMs: 150 });
    const alive = await connect('rider');
    const silent = await connect('driver', { autoPong: false });
    await alive.next((f) => f.type === 'ping');
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    expect(alive.ws.readyState).toBe(WebSocket.OPEN);
    await vi.waitFor(() => expect(hub.stats().byRole).toEqual({ rider: 1, driver: 0 }));
  });

  it('delivers to every connection of a user, and to no one else', async () => {
    const { token, user } = await sessions.signIn('rider', 'Multi');
    const tab1 = await connect('rider', { token });
    const tab2 = await connect('rider', { token });
    const other = await connect('rider');
    expect(hub.stats()).toMatchObject({ connections: 3, users: 2, byRole: { rider: 3, driver: 0 } });
    await hub.deliver([user.id], { type: 'ride', ride: { id: 'x' } });
    await tab1.next((f) => f.type === 'ride');
    await tab2.next((f) => f.type === 'ride');
    await other.next((f) => f.type === 'ping', 300).catch(() => undefined);
    expect(other.frames.some((f) => f.type === 'ride')).toBe(false);
  });

  it('delivers one frame to several users as text, once to each of their connections however often a user is listed', async () => {
    await hub.close();
    await bus.close();
    await new Promise((resolve) => server.close(resolve));
    await start({ heartbeatMs: 100 });
    const rider = await sessions.signIn('rider', 'Listed twice');
    const driver = await sessions.signIn('driver', 'Listed once');
    const riderTabs = [await connect('rider', { token: rider.token }), await connect('rider', { token: rider.token })];
    const driverTab = await connect('driver', { token: driver.token });
    const bystander = await connect('rider');
    const frame = { type: 'chat', rideId: 'r1', seq: 1, body: 'på väg 🚕' };
    await hub.deliver([rider.user.id, driver.user.id, rider.user.id], frame);
    await hub.deliver([], { type: 'chat', seq: 2 });
    await hub.deliver([driver.user.id], { type: 'marker' });
    for (const tab of [...riderTabs, driverTab]) await tab.next((f) => f.type === 'ping');
    await driverTab.next((f) => f.type === 'marker');
    for (const tab of riderTabs) expect(tab.frames.filter((f) => f.type === 'chat')).toEqual([frame]);
    expect(driverTab.frames.filter((f) => f.type === 'chat')).toEqual([frame]);
    expect(bystander.frames.some((f) => f.type === 'chat')).toBe(false);
    // hello (connection.send), the delivered frames and the heartbeat's pings: all text.
    for (const tab of [...riderTabs, driverTab, bystander]) expect(tab.binaryMessages).toBe(0);
  });

  it('rejects (never throws) a frame that is not JSON, and sends nothing of it', async () => {
    const { token, user } = await sessions.signIn('rider', 'Cyclic');
    const tab = await connect('rider', { token });
    const frame: { type: string; self?: unknown } = { type: 'broken' };
    frame.self = frame;
    let delivery: Promise<void> | undefined;
    expect(() => void (delivery = hub.deliver([user.id], frame))).not.toThrow();
    await expect(delivery).rejects.toThrow(/circular/i);
    await hub.deliver([user.id], { type: 'marker' });
    await tab.next((f) => f.type === 'marker');
    expect(tab.frames.some((f) => f.type === 'broken')).toBe(false);
  });

  it('writes frames of every header length whole and in order, among the frames ws sends itself (pong, close)', async () => {
    const { token, user } = await sessions.signIn('rider', 'Long messages');
    const tab = await connect('rider', { token });
    const pongs: number[] = [];
    tab.ws.on('pong', () => pongs.push(tab.frames.length));
    // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 §5.2); a wrong header fails the client's parser.
    const bodies = ['short', 'm'.repeat(300), 'é'.repeat(40_000)];
    await hub.deliver([user.id], { type: 'chat', seq: 1, body: bodies[0] });
    tab.ws.ping();
    await waitUntil(() => pongs.length === 1);
    await hub.deliver([user.id], { type: 'chat', seq: 2, body: bodies[1] });
    await hub.deliver([user.id], { type: 'chat', seq: 3, body: bodies[2] });
    await hub.close(1012, 'server restarting');
    expect((await tab.closed).code).toBe(1012);
    const chats = tab.frames.filter((f) => f.type === 'chat');
    expect(chats.map((f) => [f.seq, f.body])).toEqual(bodies.map((body, i) => [i + 1, body]));
    expect(pongs).toEqual([2]); // after hello and the first message
    expect(tab.binaryMessages).toBe(0);
  });

  it('closes every connection with 1012 on shutdown and refuses new upgrades', async () => {
    const a = await connect('rider');
    const b = await connect('driver');
    await hub.close(1012, 'server restarting');
    expect((await a.closed).code).toBe(1012);
    expect((await b.closed).code).toBe(1012);
    expect(hub.stats().connections).toBe(0);
    const { token } = await sessions.signIn('rider', 'Late');
    expect(await upgradeStatus({ cookie: `curbside_session=${token}` })).toBe(503);
  });

  it('says when a user\'s last connection here closes, not while another tab is open, nor for a restart', async () => {
    const gone: string[] = [];
    hub.onUserGone((user) => void gone.push(user.id));
    const { token, user } = await sessions.signIn('driver', 'Two tabs');
    const tab1 = await connect('driver', { token });
    const tab2 = await connect('driver', { token });
    tab1.ws.close();
    await tab1.closed;
    await waitUntil(() => hub.stats().connections === 1);
    expect(gone).toEqual([]);
    tab2.ws.close();
    await tab2.closed;
    await waitUntil(() => gone.length === 1);
    expect(gone).toEqual([user.id]);
    await connect('driver');
    await hub.close(1012, 'server restarting');
    expect(gone).toEqual([user.id]);
  });

  it('with another instance on the bus, delivers each frame exactly once to the user\'s tabs on both', async () => {
    const other = createHub({ bus, sessions, log, heartbeatMs: 10_000, maxFrameBytes: 1024, maxFramesPer10s: 50, allowedOrigins: [] });
    const otherServer = await serve(other);
    try {
      const { token, user } = await sessions.signIn('rider', 'Two instances');
      const here = await connect('rider', { token });
      const there = new Client(new WebSocket(`ws://127.0.0.1:${(otherServer.address() as AddressInfo).port}/ws`, { headers: { cookie: `curbside_session=${token}` } }));
      await there.next((f) => f.type === 'hello');
      await waitUntil(() => bus.stats().subscriptions === 2);
      await hub.deliver([user.id], { type: 'ride', n: 1 });
      await other.deliver([user.id], { type: 'ride', n: 2 });
      await hub.deliver([user.id], { type: 'ride', n: 3 });
      const rides = (client: Client) => client.frames.filter((f) => f.type === 'ride').map((f) => f.n);
      await waitUntil(() => rides(here).length >= 3 && rides(there).length >= 3);
      // A last frame from each side: anything doubled would have arrived before it.
      await hub.deliver([user.id], { type: 'marker' });
      await other.deliver([user.id], { type: 'marker' });
      await waitUntil(() => [here, there].every((c) => c.frames.filter((f) => f.type === 'marker').length === 2));
      expect(rides(here)).toEqual([1, 2, 3]);
      expect(rides(there)).toEqual([1, 2, 3]);
      there.ws.terminate();
    } finally {
      await other.close();
      await new Promise((resolve) => otherServer.close(resolve));
    }
  });

  it('takes a frame published on the user\'s topic by an instance of an older version (the frame itself)', async () => {
    const { token, user } = await sessions.signIn('driver', 'Mixed versions');
    const tab = await connect('driver', { token });
    await waitUntil(() => bus.stats().subscriptions === 1);
    await bus.publish(`user:${user.id}`, { type: 'ws', data: { type: 'ride', ride: { id: 'old' } } });
    expect(await tab.next((f) => f.type === 'ride')).toMatchObject({ ride: { id: 'old' } });
  });

  it('without a shared bus, delivers to the user\'s tabs here and publishes nothing', async () => {
    await hub.close();
    await bus.close();
    await new Promise((resolve) => server.close(resolve));
    await start({ sharedBus: false });
    const publish = vi.spyOn(bus, 'publish');
    const { token, user } = await sessions.signIn('rider', 'One instance');
    const tab1 = await connect('rider', { token });
    const tab2 = await connect('rider', { token });
    await hub.deliver([user.id], { type: 'ride', ride: { id: 'here' } });
    await tab1.next((f) => f.type === 'ride');
    await tab2.next((f) => f.type === 'ride');
    expect(publish).not.toHaveBeenCalled();
    expect(bus.stats().subscriptions).toBe(0);
  });

  it('runs resume listeners on every resume frame', async () => {
    const resumed: unknown[] = [];
    hub.onResume((frame, connection) => void resumed.push([frame.chat, connection.user.role]));
    const client = await connect('driver');
    client.send({ type: 'resume', chat: { ride1: 3 }, ref: 'res' });
    await client.next((f) => f.ref === 'res' && f.type === 'ack');
    expect(resumed).toEqual([[{ ride1: 3 }, 'driver']]);
  });
});
