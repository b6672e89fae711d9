import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Cross-site WebSocket hijacking guard: a browser always sends `Origin`, and it must be the
 * app's own (same host as the request) or listed in `ALLOWED_ORIGINS`. Non-browser clients
 * (load generators, probes) send none and are judged by their cookie alone.
 */
export function isAllowedOrigin(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Answers an upgrade request with a plain HTTP error and closes the socket (ws README pattern). */
export function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ?? 'Error';
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
