/**
 * Curbside's one process: Next (pages and route handlers) plus the WebSocket hub on one port.
 * `npm start` runs it in production, compiled by `npm run build` (server/build.mjs);
 * `npm run dev` runs this source through tsx, with hot reload.
 */
import { createServer } from 'node:http';
import next from 'next';
import { ConfigError, loadConfig, type Config } from '@/lib/server/config';
import { createLogger } from '@/lib/server/log';
import { clearServices, setServices } from '@/lib/server/services';
import { createServerServices } from './services';
import { listen } from './listen';
import { projectRoot } from './root';
import { installGracefulShutdown } from './shutdown';
import { startSimulatedDrivers } from './simulation';
import { createUpgradeRouter } from './upgrade-router';

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  let config: Config;
  try {
    config = loadConfig({ ...process.env, NODE_ENV: dev ? 'development' : 'production' });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`curbside: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const root = projectRoot(__dirname);
  const app = next({ dev, dir: root, hostname: 'localhost', port: config.PORT || 3000 });
  // Side by side: a restart is back sooner (each waits on its own files and the database).
  // Nothing is served before both are done, so no route handler runs without services.
  const [services] = await Promise.all([createServerServices(config, log, root), app.prepare()]);
  setServices(services);
  const handle = app.getRequestHandler();

  const server = createServer((request, response) => {
    // Route handlers see no socket; rate limits key on this header, so only a trusted proxy may set it.
    if (!config.TRUST_PROXY) {
      request.headers['x-forwarded-for'] = request.socket.remoteAddress ?? 'unknown';
      delete request.headers['x-forwarded-proto'];
    }
    // An SSE route handler may take this request's socket over (lib/server/raw-response.ts).
    services.rawResponses.run(request, response, () => handle(request, response)).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'request failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.on('upgrade', createUpgradeRouter({ dev, handleWebSocket: services.hub.handleUpgrade }));
  server.keepAliveTimeout = 65_000;

  let stopSimulation = () => {};
  installGracefulShutdown({
    server, log,
    beginShutdown: () => {
      stopSimulation();
      services.beginShutdown();
    },
    closeServices: async () => {
      await services.close();
      await app.close();
      clearServices();
    },
  });

  const port = await listen(server, { port: config.PORT, host: config.HOST, backlog: config.LISTEN_BACKLOG });
  log.info({
    event: 'listening', port, dev, bus: config.REDIS_URL ? 'redis' : 'memory', db: config.DATABASE_URL ? 'postgres' : 'pglite',
  }, 'listening');
  startSimulatedDrivers({ count: config.SIM_DRIVERS, port, sessions: services.sessions, log: log.child({ component: 'sim' }), graph: services.roads })
    .then((stop) => void (stopSimulation = stop))
    .catch((error: unknown) => log.error({ err: error }, 'simulated drivers failed to start'));
  if (process.stdout.isTTY || !process.env.CI) {
    console.log(`\n  Curbside is running${dev ? ' (dev)' : ''}:\n    Sign in   http://localhost:${port}/\n    Rider     http://localhost:${port}/rider\n    Driver    http://localhost:${port}/driver\n`);
  }
}

main().catch((error: unknown) => {
  console.error('curbside: failed to start:', error);
  process.exit(1);
});
