import type { EventBus } from '@/lib/bus/types';
import type { Db } from '@/lib/db/types';
import type { LatLng } from '@/lib/protocol/common';
import type { Logger } from '@/lib/server/log';

/** Sends a WebSocket frame to every connection of these users, on any instance (the hub's `deliver`). */
export type Deliver = (userIds: readonly string[], frame: { type: string } & Record<string, unknown>) => Promise<void>;

/** What the ride domain needs from the process: storage, the bus, delivery and its settings. */
export interface RideContext {
  db: Db;
  bus: EventBus;
  deliver: Deliver;
  log: Logger;
  settings: RideSettings;
  /** Distance and duration by road, or null where there is no road map (outside the city). */
  route?: (from: LatLng, to: LatLng) => { distanceMeters: number; durationSeconds: number; points: LatLng[] } | null;
}

export interface RideSettings {
  /** How long a driver has to accept (`OFFER_TTL_MS`). */
  offerTtlMs: number;
  /** A ride that finds no driver within this is `expired`. */
  dispatchTimeoutMs: number;
  /** Drivers farther than this from the pickup are not offered the ride. */
  dispatchRadiusMeters: number;
  /** A driver whose last fix is older than this is not dispatched (gone without going offline). */
  driverStaleMs: number;
}

export const DEFAULT_RIDE_SETTINGS: RideSettings = {
  offerTtlMs: 15_000,
  dispatchTimeoutMs: 120_000,
  dispatchRadiusMeters: 15_000,
  driverStaleMs: 60_000,
};
