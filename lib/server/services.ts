/**
 * The process's shared services, reached through one `globalThis` slot.
 *
 * The custom server creates them once; Next bundles route handlers separately, so a module-level
 * singleton in `server/` is NOT the instance a route handler would import (shared/PITFALLS.md).
 * A `Symbol.for` key is the same symbol in every bundle.
 */
import type { EventBus } from '@/lib/bus/types';
import type { Heartbeat } from '@/lib/sse/heartbeat';
import type { RideContext } from '@/lib/rides/context';
import type { RideAccess } from '@/lib/rides/ride-access';
import type { Config } from './config';
import type { Logger } from './log';
import type { RateLimiter } from './rate-limit';
import type { RawResponses } from './raw-response';
import type { Sessions } from './sessions';
import type { HubStats } from '@/lib/ws/types';

export interface Services {
  config: Config;
  log: Logger;
  sessions: Sessions;
  bus: EventBus;
  /** One heartbeat timer shared by every SSE stream. */
  sseHeartbeat: Heartbeat;
  /** Route handlers take an SSE request's socket over from Next through this (see raw-response.ts). */
  rawResponses: RawResponses;
  /** Aborted (reason `'shutdown'`) when the server begins a graceful shutdown: SSE streams end. */
  shutdownSignal: AbortSignal;
  /** The ride domain's storage, bus and delivery (lib/rides). */
  rides: RideContext;
  /** Who may open a ride's stream, remembered (lib/rides/ride-access.ts). */
  rideAccess: RideAccess;
  /** Sign-in attempts per client address. */
  signInLimiter: RateLimiter;
  /** Ride requests per rider. */
  rideRequestLimiter: RateLimiter;
  /** Live WebSocket connection counts on this instance. */
  hubStats(): HubStats;
  /** The surging cells now (empty until surge has been computed). */
  surgeSnapshot(): Promise<{ cells: Array<{ h3: string; multiplier: number }>; at: string }>;
}

const KEY = Symbol.for('curbside.services');
type Slot = { [KEY]?: Services };

export function setServices(services: Services): void {
  (globalThis as Slot)[KEY] = services;
}

export function clearServices(): void {
  delete (globalThis as Slot)[KEY];
}

/** The running server's services. Throws when called outside the custom server (e.g. `next start`). */
export function getServices(): Services {
  const services = (globalThis as Slot)[KEY];
  if (!services) {
    throw new Error(
      'Curbside services are not initialised: start the app with `npm start` / `npm run dev` (server/main.ts), not `next start` or `next dev`.',
    );
  }
  return services;
}
