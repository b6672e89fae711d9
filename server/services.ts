import path from 'node:path';
import { createBus } from '@/lib/bus/create-bus';
import { createDb } from '@/lib/db/create-db';
import { DEFAULT_RIDE_SETTINGS, type RideContext } from '@/lib/rides/context';
import { startSweeper } from '@/lib/rides/dispatch';
import { createRideAccess, type RideAccess } from '@/lib/rides/ride-access';
import { readSurgeCells, startSurge } from '@/lib/rides/surge-service';
import { registerRideHandlers } from '@/lib/rides/ws-handlers';
import type { Config } from '@/lib/server/config';
import type { Logger } from '@/lib/server/log';
import { createRateLimiter } from '@/lib/server/rate-limit';
import { createRawResponses } from '@/lib/server/raw-response';
import { loadSessionSecret } from '@/lib/server/session-secret';
import { createSessions } from '@/lib/server/sessions';
import type { Services } from '@/lib/server/services';
import { createHeartbeat } from '@/lib/sse/heartbeat';
import { createHub, type Hub } from '@/lib/ws/hub';
import type { RoadGraph } from '@/lib/city/road-graph';
import { loadRoadGraph, roadRouter } from './city';

export interface ServerServices extends Services {
  hub: Hub;
  /** The offline city's roads (routing for fares and simulated drivers). */
  roads: RoadGraph;
  /** Aborts `shutdownSignal`: every SSE stream ends and its client reconnects elsewhere. */
  beginShutdown(): void;
  close(): Promise<void>;
}

/** `rideAccess.warm`, logged; never rejects (a failure only means reads later). */
async function timedWarm(access: RideAccess, rides: RideContext): Promise<void> {
  const started = performance.now();
  try {
    const remembered = await access.warm(rides);
    rides.log.info({ event: 'ride_access.warm', remembered, ms: Math.round(performance.now() - started) }, 'ride access warmed');
  } catch (err) {
    rides.log.warn({ err }, 'ride access not warmed: each ride stream reads its ride instead');
  }
}

/** Creates every shared service once, for the custom server to publish on `globalThis`. */
export async function createServerServices(config: Config, log: Logger, root: string): Promise<ServerServices> {
  const roads = loadRoadGraph(root);
  const key = await loadSessionSecret(config.SESSION_SECRET, config.DATA_DIR);
  const sessions = createSessions(key, config.SESSION_TTL_SECONDS);
  const db = await createDb({ databaseUrl: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR) });
  const bus = createBus({ redisUrl: config.REDIS_URL, keyPrefix: `${config.REDIS_PREFIX}bus:`, logger: log.child({ component: 'bus' }) });
  const sseHeartbeat = createHeartbeat(config.SSE_HEARTBEAT_MS);
  const shutdown = new AbortController();
  const hub = createHub({
    bus, sessions, log: log.child({ component: 'hub' }),
    heartbeatMs: config.WS_HEARTBEAT_MS,
    maxFrameBytes: config.WS_MAX_FRAME_BYTES,
    maxFramesPer10s: config.WS_MAX_FRAMES_PER_10S,
    allowedOrigins: config.ALLOWED_ORIGINS,
    // createBus picks Redis exactly when REDIS_URL is set: then other instances hold connections too.
    sharedBus: Boolean(config.REDIS_URL),
  });
  const rides: RideContext = {
    db, bus, log: log.child({ component: 'rides' }),
    deliver: hub.deliver,
    route: roadRouter(roads),
    settings: { ...DEFAULT_RIDE_SETTINGS, offerTtlMs: config.OFFER_TTL_MS, dispatchTimeoutMs: config.DISPATCH_TIMEOUT_MS },
  };
  const unregisterRides = registerRideHandlers(hub, rides);
  const stopSweeper = startSweeper(rides);
  const stopSurge = startSurge(rides, config.SURGE_INTERVAL_MS);
  // In the background: a stream that opens before it is done reads its ride as usual.
  const rideAccess = createRideAccess();
  const warming = timedWarm(rideAccess, rides);

  return {
    config, log, sessions, bus, sseHeartbeat, hub, rides, roads,
    rideAccess,
    shutdownSignal: shutdown.signal,
    rawResponses: createRawResponses(),
    signInLimiter: createRateLimiter({ capacity: 20, refillPerSecond: config.SIGN_IN_RATE_PER_MINUTE / 60 }),
    rideRequestLimiter: createRateLimiter({ capacity: 5, refillPerSecond: 0.1 }),
    surgeSnapshot: () => readSurgeCells(db),
    hubStats: () => hub.stats(),
    beginShutdown: () => shutdown.abort('shutdown'),
    async close() {
      stopSweeper();
      stopSurge();
      unregisterRides();
      await warming;
      await hub.close(1012, 'server restarting');
      sseHeartbeat.close();
      await bus.close();
      await db.close();
    },
  };
}
