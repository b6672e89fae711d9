/**
 * An SSE session written straight to a Node socket: the response head once, then the
 * session's bytes, close-delimited (`Connection: close`), so no chunk framing per event.
 *
 * Why: a Next.js route handler that returns a streaming `Response` keeps Next's whole request
 * pipeline suspended for the life of the stream (an async chain of ~16 frames, a web
 * ReadableStream/WritableStream pair, promises and closures): measured here at ~70 KB of JS
 * heap per idle connection for a route that only returns a never-ending stream, against
 * ~5 KB for a bare `node:http` SSE server (docs/benchmarks.md). The route handler still
 * authenticates and authorises; it then takes the connection's socket over (see
 * lib/server/raw-response.ts) and Next's request completes at once.
 */
import type { Socket } from 'node:net';
import { SSE_HEADERS, type SseResponseOptions } from './sse-response';
import { prepareSseSession, type PreparedSseSession, type SseSession } from './sse-session';

function responseHead(headers: Readonly<Record<string, string>>): Buffer {
  let head = 'HTTP/1.1 200 OK\r\n';
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'connection') continue;
    head += `${name}: ${value}\r\n`;
  }
  // The body ends when the socket does: the client then reconnects (with Last-Event-ID).
  head += 'Connection: close\r\n\r\n';
  return Buffer.from(head, 'latin1');
}

const heads = new WeakMap<Readonly<Record<string, string>>, Buffer>();

/**
 * Starts `prepared` on `socket`, which must carry no response yet (it was just detached from
 * its `ServerResponse`). The socket's `close` is the client going away; a graceful end flushes
 * what is queued and then closes the socket; a drop destroys it.
 */
export function startSocketSse(socket: Socket, prepared: PreparedSseSession, headers: Readonly<Record<string, string>>): SseSession {
  let head = heads.get(headers);
  if (!head) {
    head = responseHead(headers);
    heads.set(headers, head);
  }
  socket.setTimeout(0);
  socket.setNoDelay(true);
  // The head and the session's first bytes (`retry:`) leave in one write.
  socket.cork();
  socket.write(head);
  const session = prepared.start({
    write: (chunk) => void socket.write(chunk),
    buffered: () => socket.writableLength,
    end: () => void socket.end(() => socket.destroy()),
    destroy: () => void socket.destroy(),
    batch: (send) => {
      socket.cork();
      send();
      socket.uncork();
    },
  });
  socket.uncork();
  // 'error' is always followed by 'close'; without a listener it would be thrown.
  socket.on('error', ignore);
  socket.once('close', () => session.cancel());
  return session;
}

function ignore(): void {}

/** A signal that never aborts, for a session with no shutdown signal. */
const NEVER = new AbortController().signal;

/**
 * `sseResponse` for a socket taken over from the route's response: the same session and
 * headers; `lastEventId` is the request's (`lastEventIdOf`); the socket's close is the
 * client's disconnect.
 */
export function sseOverSocket(socket: Socket, lastEventId: string | undefined, options: SseResponseOptions): SseSession {
  const { shutdownSignal, ...sessionOptions } = options;
  const prepared = prepareSseSession({ ...sessionOptions, signal: shutdownSignal ?? NEVER, lastEventId });
  return startSocketSse(socket, prepared, SSE_HEADERS);
}
