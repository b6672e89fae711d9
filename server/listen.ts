import type { Server } from 'node:http';

/**
 * Listens with an accept backlog of `backlog` (LISTEN_BACKLOG; the kernel caps it at
 * net.core.somaxconn). Node's default is 511. When every client of a restarted instance comes
 * back at once and the event loop is busy, connections past the backlog are dropped by the
 * kernel and complete only on TCP's retransmit timer (1, 3, 7, 15, 31 s …): in a 10,000-client
 * reconnect storm the last streams came back after 64 s and more with 511, and after 33 s with
 * 4096 (docs/benchmarks.md). Resolves with the bound port.
 */
export function listen(server: Server, options: { port: number; host: string; backlog: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once('error', fail);
    server.listen({ port: options.port, host: options.host, backlog: options.backlog }, () => {
      server.off('error', fail);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : options.port);
    });
  });
}
