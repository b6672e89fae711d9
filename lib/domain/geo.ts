/**
 * Spherical geometry for pickup/dropoff points and driver markers. Plain math on a sphere
 * (mean Earth radius): errors of ~0.5% against the WGS84 ellipsoid are irrelevant for fare
 * estimates and marker animation.
 */

/** A WGS84 point in degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** Mean Earth radius in metres (IUGG). */
export const EARTH_RADIUS_METERS = 6_371_008.8;

const toRadians = (deg: number): number => (deg * Math.PI) / 180;
const toDegrees = (rad: number): number => (rad * 180) / Math.PI;

/** True for an object with finite `lat` in [-90, 90] and finite `lng` in [-180, 180]. */
export function isValidLatLng(value: unknown): value is LatLng {
  if (typeof value !== 'object' || value === null) return false;
  const { lat, lng } = value as Record<string, unknown>;
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= -90 &&
    lat <= 90 &&
    lng >= -180 &&
    lng <= 180
  );
}

/** Great-circle distance between two points, in metres (haversine formula). */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  // Rounding can push h a hair above 1 for antipodal points; asin(>1) would be NaN.
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(Math.min(1, h)));
}

/** Normalises any finite angle to [0, 360). */
export function normalizeDegrees(deg: number): number {
  const d = deg % 360;
  // A tiny negative remainder plus 360 rounds to exactly 360, which is outside the range.
  const wrapped = d < 0 ? d + 360 : d;
  // `+ 0` turns -0 into 0 so callers never see a negative zero heading.
  return wrapped >= 360 ? 0 : wrapped + 0;
}

/**
 * Initial great-circle bearing from `a` towards `b`, in degrees [0, 360): 0 = north,
 * 90 = east. Returns 0 when the points coincide (no direction exists).
 */
export function bearingDegrees(a: LatLng, b: LatLng): number {
  const phi1 = toRadians(a.lat);
  const phi2 = toRadians(b.lat);
  const dLng = toRadians(b.lng - a.lng);
  const y = Math.sin(dLng) * Math.cos(phi2);
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLng);
  return normalizeDegrees(toDegrees(Math.atan2(y, x)));
}

/**
 * Point a fraction `t` of the way from `a` to `b`, linear in degrees. Good for the short
 * hops between two driver fixes (tens of metres), not for long great-circle paths. Crosses
 * the antimeridian the short way. `t` is clamped to [0, 1] so an animation frame that runs
 * late never overshoots the newest fix.
 */
export function interpolate(a: LatLng, b: LatLng, t: number): LatLng {
  const k = Math.min(1, Math.max(0, t));
  const dLng = shortestArcDelta(a.lng, b.lng);
  let lng = a.lng + dLng * k;
  if (lng > 180) lng -= 360;
  else if (lng < -180) lng += 360;
  return { lat: a.lat + (b.lat - a.lat) * k, lng };
}

/**
 * Signed rotation in [-180, 180) that turns heading `fromDeg` into `toDeg` the short way,
 * so a car marker going from 350° to 10° turns +20°, not -340°. Non-finite input gives NaN.
 */
export function shortestArcDelta(fromDeg: number, toDeg: number): number {
  const d = ((((toDeg - fromDeg) % 360) + 540) % 360) - 180;
  return d + 0;
}
