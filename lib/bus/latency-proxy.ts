/**
 * Test helper: a TCP proxy that delays what chosen clients send, to make a slow network
 * link deterministic (e.g. a pub/sub connection whose SUBSCRIBE lags its sibling's reads).
 */
import { connect, createServer, type Socket } from 'node:net';

/** A running proxy; `close()` drops every connection through it. */
export interface LatencyProxy {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Proxies `127.0.0.1:<port>`. A connection is delayed by `delayMs` (client → server, order
 * kept) once the bytes it has sent contain `match` (ioredis sends `CLIENT SETNAME` first,
 * so a connection name selects one connection of a pair; a RegExp, tested on its last
 * 1,024 characters, can select a later command of that connection).
 */
export async function startLatencyProxy(targetPort: number, { delayMs, match }: { delayMs: number; match: string | RegExp }): Promise<LatencyProxy> {
  const matches = (seen: string) => (typeof match === 'string' ? seen.includes(match) : match.test(seen));
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let seen = '';
    let slow = false;
    client.on('data', (chunk) => {
      if (!slow) {
        seen = (seen + chunk.toString('latin1')).slice(-1024);
        slow = matches(seen);
      }
      // Equal delays fire in order, so the byte stream stays intact.
      if (slow) setTimeout(() => upstream.write(chunk), delayMs);
      else upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
