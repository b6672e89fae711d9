import type { Server } from 'node:http';
import type { Logger } from '@/lib/server/log';

/** The whole shutdown finishes within this, or the process exits anyway. */
const DEADLINE_MS = 10_000;

/**
 * SIGTERM/SIGINT: stop accepting, end every SSE stream and close every WebSocket with 1012
 * (clients reconnect, SSE replays with Last-Event-ID), then exit. A second signal exits at once.
 */
export function installGracefulShutdown(options: {
  server: Server;
  log: Logger;
  beginShutdown: () => void;
  closeServices: () => Promise<void>;
}): void {
  const { server, log } = options;
  let shuttingDown = false;

  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    shuttingDown = true;
    const startedAt = Date.now();
    log.info({ event: 'shutdown', signal }, 'shutting down');
    setTimeout(() => {
      log.error({ event: 'shutdown.timeout' }, 'shutdown took too long; exiting');
      process.exit(1);
    }, DEADLINE_MS).unref();

    // Streams end first, gracefully (their clients reconnect with Last-Event-ID); then the
    // server stops accepting, and closing it drops connections that are idle.
    options.beginShutdown();
    let drained = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await options.closeServices().catch((error: unknown) => log.error({ err: error }, 'closing services failed'));
    const servicesMs = Date.now() - startedAt;
    server.closeIdleConnections();
    await Promise.race([closed.then(() => void (drained = true)), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    const left = drained ? 0 : await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? -1 : count)));
    server.closeAllConnections();
    // Where the time went: closing services (streams, sockets, bus, database), then waiting
    // for clients to close their connections (`left` were still open after the wait).
    log.info({ event: 'shutdown.done', durationMs: Date.now() - startedAt, servicesMs, left }, 'shut down');
    process.exit(0);
  };

  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
