/**
 * Geometry for the city generator, the road graph and the simulated drivers. The shared
 * helpers come from lib/domain/geo.ts (one implementation); what is here is only for hot
 * loops over typed arrays. Browser-safe: plain math, no Node APIs.
 */
import { EARTH_RADIUS_METERS } from '@/lib/domain/geo';

export { bearingDegrees, haversineMeters, interpolate } from '@/lib/domain/geo';

/** Mean Earth radius used by haversine, in metres (the domain's constant). */
export const EARTH_RADIUS_M = EARTH_RADIUS_METERS;

const RAD = Math.PI / 180;

/** Haversine distance on bare numbers, for hot loops that keep coordinates in typed arrays. */
export function haversineRaw(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Speed in metres per second from km/h. */
export const kmhToMps = (kmh: number): number => kmh / 3.6;
