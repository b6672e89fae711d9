import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/server/config';
import { listen } from './listen';

/** More than Node's default backlog (511) can hold, under LISTEN_BACKLOG's default. */
const CLIENTS = 1200;
const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));

/**
 * Opens CLIENTS connections, then blocks the event loop (as a busy server's is) while the kernel
 * completes their handshakes, and counts how many the server has accepted within `windowMs` of
 * unblocking. The ones past the backlog were dropped and wait for TCP's first retransmit (1 s).
 */
async function acceptedAfterBlock(server: Server, port: number, windowMs: number): Promise<number> {
  let accepted = 0;
  server.on('connection', () => void accepted++);
  const sockets = Array.from({ length: CLIENTS }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
  try {
    await new Promise((resolve) => setImmediate(resolve));
    const until = Date.now() + 300;
    while (Date.now() < until) { /* the busy event loop */ }
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    return accepted;
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}

describe('listen', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it(`queues ${CLIENTS} connections that arrive while the event loop is blocked (Node's default backlog would drop about half)`, async () => {
    expect(somaxconn, 'net.core.somaxconn caps every backlog; this machine\'s is too small for the test').toBeGreaterThanOrEqual(CLIENTS);
    server = createServer();
    const port = await listen(server, { port: 0, host: '127.0.0.1', backlog: loadConfig({}).LISTEN_BACKLOG });
    expect(await acceptedAfterBlock(server, port, 600)).toBe(CLIENTS);
  });

  it('rejects when the port is taken', async () => {
    server = createServer();
    const port = await listen(server, { port: 0, host: '127.0.0.1', backlog: 16 });
    await expect(listen(createServer(), { port, host: '127.0.0.1', backlog: 16 })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
