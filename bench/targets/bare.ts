/**
 * Baseline: the same SSE endpoints and /ws on bare `node:http` and `ws`, with nothing else (no
 * auth, no bus, no history, no framework): the practical ceiling for Node on this machine. The
 * wire format matches Curbside's (`retry:` first, one shared keep-alive timer, `id:`/`event:`/
 * `data:` lines, the same headers, the same payload builders), so only the framework differs.
 */
import { createServer, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { benchRideId, chatFrame, rideSnapshotPayload, surgeSnapshotPayload } from '../lib/payloads';
import { hostTarget } from './target-host';

const PORT = Number(process.env.PORT ?? 0);
const HEARTBEAT_MS = 15_000; // Curbside's SSE_HEARTBEAT_MS default
const RETRY = Buffer.from('retry: 2000\n\n'); // Curbside's SSE_RETRY_MS default
const KEEP_ALIVE = Buffer.from(': keep-alive\n\n');
/** `ws` sends a Buffer as a binary message unless told otherwise; these are JSON text. */
const AS_TEXT = { binary: false } as const;
const WS_PING_MS = 30_000; // Curbside's WS_HEARTBEAT_MS default
const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

const topics = new Map<string, Set<ServerResponse>>();
const streams = new Set<ServerResponse>();
let nextId = 0;

const encode = (id: string, type: string, data: unknown): Buffer => Buffer.from(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);

const server = createServer((request, response) => {
  const path = (request.url ?? '/').split('?', 1)[0]!;
  const ride = /^\/api\/rides\/([A-Za-z0-9_.:-]{1,64})\/stream$/.exec(path);
  if (request.method !== 'GET' || (!ride && path !== '/api/surge/stream')) {
    response.writeHead(path === '/api/health' ? 200 : 404, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    return;
  }
  const topic = ride ? `ride:${ride[1]}` : 'surge';
  response.writeHead(200, HEADERS);
  response.write(RETRY);
  // Like Curbside, the first event is a snapshot stamped with the topic's head id.
  response.write(ride ? encode(`0-${nextId}`, 'ride', rideSnapshotPayload(ride[1]!, 'u_rider', 'u_driver')) : encode(`0-${nextId}`, 'surge', surgeSnapshotPayload()));
  let members = topics.get(topic);
  if (!members) topics.set(topic, (members = new Set()));
  members.add(response);
  streams.add(response);
  response.once('close', () => {
    streams.delete(response);
    members.delete(response);
    if (members.size === 0) topics.delete(topic);
  });
});
server.keepAliveTimeout = 65_000;

setInterval(() => {
  for (const response of streams) response.write(KEEP_ALIVE);
}, HEARTBEAT_MS).unref();

// WebSocket: hello, ping/pong, and chat to the ride's room (`/ws?room=<rideId>`).
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload: 16 * 1024 });
const rooms = new Map<string, Set<WebSocket>>();
const sockets = new Set<WebSocket>();
const chatSeq = new Map<string, number>();
let nextUser = 0;

server.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url ?? '/', 'http://bench');
  if (url.pathname !== '/ws') return void socket.destroy();
  wss.handleUpgrade(request, socket, head, (ws) => {
    const room = url.searchParams.get('room') ?? '';
    const user = { id: `u_bare${nextUser++}`, role: url.searchParams.get('role') === 'driver' ? 'driver' : 'rider', name: 'bench' };
    let members = rooms.get(room);
    if (!members) rooms.set(room, (members = new Set()));
    members.add(ws);
    sockets.add(ws);
    ws.on('error', () => ws.terminate());
    ws.once('close', () => {
      sockets.delete(ws);
      members.delete(ws);
      if (members.size === 0) rooms.delete(room);
    });
    ws.send(JSON.stringify({ type: 'hello', user, connectionId: `c_${nextUser}`, heartbeatMs: WS_PING_MS }));
    ws.on('message', (raw) => {
      let frame: { type?: unknown; ref?: unknown; rideId?: unknown; clientId?: unknown; body?: unknown };
      try {
        frame = JSON.parse(String(raw)) as typeof frame;
      } catch {
        return ws.send(JSON.stringify({ type: 'error', code: 'BAD_JSON', message: 'Frame is not valid JSON' }));
      }
      if (frame.type !== 'chat.send' || typeof frame.rideId !== 'string' || typeof frame.body !== 'string') return;
      const seq = (chatSeq.get(frame.rideId) ?? 0) + 1;
      chatSeq.set(frame.rideId, seq);
      const message = Buffer.from(JSON.stringify({ type: 'chat', rideId: frame.rideId, seq, clientId: frame.clientId, from: user.id, body: frame.body, at: new Date().toISOString() }));
      if (typeof frame.ref === 'string') ws.send(JSON.stringify({ type: 'ack', ref: frame.ref, seq }));
      for (const member of rooms.get(frame.rideId) ?? []) member.send(message, AS_TEXT);
    });
  });
});

setInterval(() => {
  const ping = Buffer.from(JSON.stringify({ type: 'ping' }));
  for (const ws of sockets) ws.send(ping, AS_TEXT);
}, WS_PING_MS).unref();

hostTarget({
  name: 'bare',
  whenReady: () => Promise.resolve(),
  publish(topic, type, data) {
    const members = topics.get(topic);
    if (!members) return;
    const bytes = encode(`${Date.now()}-${nextId++}`, type, data);
    for (const response of members) response.write(bytes);
  },
  // chat-fanout: the frame Curbside delivers, serialised once (as Curbside's hub does) and the
  // same bytes sent to each socket in the ride's room.
  chat(topic, message) {
    const members = rooms.get(topic.rideId);
    if (!members) return;
    const bytes = Buffer.from(JSON.stringify(chatFrame(message)));
    for (const member of members) member.send(bytes, AS_TEXT);
  },
  seed: (pairs) => Promise.resolve(pairs.map((_, i) => benchRideId(i))),
  streams: () => ({ sse: streams.size, ws: sockets.size }),
  shutdown: () => process.exit(0),
});

server.listen(PORT, '127.0.0.1');
// A plain exit on SIGTERM (the harness's stop), so --cpu-prof gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
