/**
 * Baseline: Socket.IO 4 broadcasting the same events to the same clients, over WebSocket only
 * (no long-polling upgrade dance). Each client joins one room (`?room=`: a ride topic, or
 * `surge`); chat goes to the ride's room with a per-ride seq and an ack, like Curbside's.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { benchRideId } from '../lib/payloads';
import { hostTarget } from './target-host';

const PORT = Number(process.env.PORT ?? 0);

const server = createServer((request, response) => {
  if ((request.url ?? '').startsWith('/socket.io')) return; // engine.io answers these
  response.writeHead(request.url === '/api/health' ? 200 : 404, { 'Content-Type': 'application/json' }).end('{"ok":true}');
});
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false, pingInterval: 30_000 });
const chatSeq = new Map<string, number>();

io.on('connection', (socket) => {
  const room = String(socket.handshake.query.room ?? '');
  void socket.join(room);
  socket.on('chat.send', (frame: { rideId?: unknown; clientId?: unknown; body?: unknown }, ack?: (answer: unknown) => void) => {
    if (typeof frame?.rideId !== 'string' || typeof frame.body !== 'string') return;
    const seq = (chatSeq.get(frame.rideId) ?? 0) + 1;
    chatSeq.set(frame.rideId, seq);
    if (typeof ack === 'function') ack({ seq });
    io.to(frame.rideId).emit('chat', { rideId: frame.rideId, seq, clientId: frame.clientId, from: socket.id, body: frame.body, at: new Date().toISOString() });
  });
});

hostTarget({
  name: 'socketio',
  whenReady: () => Promise.resolve(),
  publish: (topic, type, data) => void io.to(topic).emit(type, data),
  // chat-fanout: the message to the ride's room, as its own chat.send handler emits it.
  chat: (topic, message) => void io.to(topic.rideId).emit('chat', message),
  seed: (pairs) => Promise.resolve(pairs.map((_, i) => benchRideId(i))),
  streams: () => ({ sse: 0, ws: io.engine.clientsCount }),
  shutdown: () => process.exit(0),
});

server.listen(PORT, '127.0.0.1');
// A plain exit on SIGTERM (the harness's stop), so --cpu-prof gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
