/**
 * Small spherical-geometry helpers shared by the city generator, the road graph and the
 * simulated drivers. Browser-safe: plain math, no Node APIs.
 */
import { type LatLng } from '@/lib/protocol/common';

/** Mean Earth radius used by haversine, in metres (IUGG mean radius). */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/** Great-circle distance between two points, in metres. */
export function haversineMeters(a: LatLng, b: LatLng): number {
  return haversineRaw(a.lat, a.lng, b.lat, b.lng);
}

/** {@link haversineMeters} on bare numbers, for hot loops that keep coordinates in typed arrays. */
export function haversineRaw(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Initial compass bearing from `a` to `b`, in degrees [0, 360). */
export function bearingDegrees(a: LatLng, b: LatLng): number {
  const φ1 = a.lat * RAD;
  const φ2 = b.lat * RAD;
  const dλ = (b.lng - a.lng) * RAD;
  const y = Math.sin(dλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(dλ);
  const deg = Math.atan2(y, x) / RAD;
  // `% 360` of -0.0000001 + 360 can round to exactly 360, which the wire schema's max allows
  // but a compass does not; normalise it to 0.
  const normalised = (deg + 360) % 360;
  return normalised >= 360 ? 0 : normalised;
}

/**
 * Linear interpolation between two nearby points. Over the few hundred metres of a street
 * segment the error against a true great-circle interpolation is far below GPS noise.
 */
export function interpolate(a: LatLng, b: LatLng, t: number): LatLng {
  return { lat: a.lat + (b.lat - a.lat) * t, lng: a.lng + (b.lng - a.lng) * t };
}

/** Speed in metres per second from km/h. */
export const kmhToMps = (kmh: number): number => kmh / 3.6;
