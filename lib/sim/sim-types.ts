/** Options, behaviour knobs and the public shape of a simulated driver. */
import { type Timers } from '@/lib/client/timers';
import { type RoadGraph } from '@/lib/city/road-graph';
import { type LatLng } from '@/lib/protocol/common';
import { type SimSocket } from './sim-socket';

/** Human-like timings and odds; every field has a default. */
export interface SimBehaviour {
  /** Location report interval, ms (uniform). Default [1000, 4000]. */
  locationIntervalMs: readonly [number, number];
  /** Pause before answering an offer, ms (uniform). Default [1500, 6000]. */
  offerDelayMs: readonly [number, number];
  /** Chance of accepting an offer. Default 0.85. */
  acceptProbability: number;
  /** Wait at the pickup before starting the trip, ms (uniform). Default [3000, 8000]. */
  pickupWaitMs: readonly [number, number];
  /** Reconnect backoff: full jitter in [0, min(cap, base · 2^attempt)]. Defaults 1000 / 30000. */
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const DEFAULT_SIM_BEHAVIOUR: Readonly<SimBehaviour> = Object.freeze({
  locationIntervalMs: [1000, 4000] as const,
  offerDelayMs: [1500, 6000] as const,
  acceptProbability: 0.85,
  pickupWaitMs: [3000, 8000] as const,
  backoffBaseMs: 1000,
  backoffCapMs: 30_000,
});

/** A log line from a simulated driver. */
export interface SimLogEntry {
  driver: string;
  level: 'info' | 'warn';
  event: string;
  detail?: Record<string, unknown>;
}

/** Options for {@link createSimDriver}. */
export interface SimDriverOptions {
  /** Display name, for logs (the session's name is whatever the cookie says). */
  name: string;
  /**
   * Opens a new socket to `/ws`; called for the first connection and every reconnect. On the
   * server: `() => new WebSocket(url, { headers: { cookie } })` from `ws`. Mint or refresh
   * the session cookie here if it can expire. It may throw; that counts as a failed attempt.
   */
  connect: () => SimSocket;
  graph: RoadGraph;
  /** Uniform [0, 1); inject a seeded one for reproducible runs. */
  random: () => number;
  timers?: Timers;
  now?: () => number;
  onLog?: (entry: SimLogEntry) => void;
  /** Starting position; a random road node when absent. */
  start?: LatLng;
  behaviour?: Partial<SimBehaviour>;
}

/** What a driver is doing, for logs, tests and a debug endpoint. */
export interface SimDriverSnapshot {
  name: string;
  status: 'idle' | 'connecting' | 'online' | 'waiting' | 'stopped';
  mode: 'cruising' | 'to_pickup' | 'at_pickup' | 'to_dropoff';
  userId: string | null;
  rideId: string | null;
  position: LatLng;
  /** Offers received and not yet answered. */
  pendingOffers: number;
  /** Connections opened after the first. */
  reconnects: number;
}

/** A simulated driver. `start()` connects; `stop()` closes the socket and cancels every timer. */
export interface SimDriver {
  readonly name: string;
  start(): void;
  stop(): void;
  snapshot(): SimDriverSnapshot;
}
