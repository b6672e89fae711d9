import { createBus } from '@/lib/bus/create-bus';
import type { Config } from '@/lib/server/config';
import type { Logger } from '@/lib/server/log';
import { createRateLimiter } from '@/lib/server/rate-limit';
import { loadSessionSecret } from '@/lib/server/session-secret';
import { createSessions } from '@/lib/server/sessions';
import type { Services } from '@/lib/server/services';
import { createHeartbeat } from '@/lib/sse/heartbeat';
import { createHub, type Hub } from '@/lib/ws/hub';

export interface ServerServices extends Services {
  hub: Hub;
  /** Aborts `shutdownSignal`: every SSE stream ends and its client reconnects elsewhere. */
  beginShutdown(): void;
  close(): Promise<void>;
}

/** Creates every shared service once, for the custom server to publish on `globalThis`. */
export async function createServerServices(config: Config, log: Logger): Promise<ServerServices> {
  const key = await loadSessionSecret(config.SESSION_SECRET, config.DATA_DIR);
  const sessions = createSessions(key, config.SESSION_TTL_SECONDS);
  const bus = createBus({ redisUrl: config.REDIS_URL, keyPrefix: `${config.REDIS_PREFIX}bus:`, logger: log.child({ component: 'bus' }) });
  const sseHeartbeat = createHeartbeat(config.SSE_HEARTBEAT_MS);
  const shutdown = new AbortController();
  const hub = createHub({
    bus, sessions, log: log.child({ component: 'hub' }),
    heartbeatMs: config.WS_HEARTBEAT_MS,
    maxFrameBytes: config.WS_MAX_FRAME_BYTES,
    maxFramesPer10s: config.WS_MAX_FRAMES_PER_10S,
    allowedOrigins: config.ALLOWED_ORIGINS,
  });

  return {
    config, log, sessions, bus, sseHeartbeat, hub,
    shutdownSignal: shutdown.signal,
    signInLimiter: createRateLimiter({ capacity: 20, refillPerSecond: 0.5 }),
    // The ride domain (issue 3) replaces this with its repository; until then no ride exists.
    rides: { participants: async () => null, snapshot: async () => [] },
    // Surge is computed by the ride domain (issue 3); until then the snapshot has no cells.
    surgeSnapshot: () => ({ cells: [], at: new Date().toISOString() }),
    hubStats: () => hub.stats(),
    beginShutdown: () => shutdown.abort('shutdown'),
    async close() {
      await hub.close(1012, 'server restarting');
      sseHeartbeat.close();
      await bus.close();
    },
  };
}
