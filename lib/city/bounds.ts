/**
 * Where Harbor City is. The map frames these bounds, ride requests are validated against
 * them, and the generator lays the city out inside them (water reaches a little beyond, so
 * the map's edges never show a hard cut).
 */
import { type LatLng } from '@/lib/protocol/common';
import { EARTH_RADIUS_M } from './geo';

/** The city's centre; also the origin of the generator's local metre grid. */
export const CITY_CENTER: Readonly<LatLng> = Object.freeze({ lat: 37.77, lng: -122.42 });

/** Half the east–west extent of the city, in metres. */
export const CITY_HALF_WIDTH_M = 4000;
/** Half the north–south extent of the city, in metres. */
export const CITY_HALF_HEIGHT_M = 3200;

/** Metres per degree of latitude on the haversine sphere. */
export const METERS_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180;
/** Metres per degree of longitude at the city's latitude. */
export const METERS_PER_DEG_LNG = METERS_PER_DEG_LAT * Math.cos((CITY_CENTER.lat * Math.PI) / 180);

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** The city's bounding box in degrees. */
export interface CityBounds {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

/** The city bbox (land and the near-shore bay). */
export const CITY_BOUNDS: CityBounds = Object.freeze({
  west: round6(CITY_CENTER.lng - CITY_HALF_WIDTH_M / METERS_PER_DEG_LNG),
  south: round6(CITY_CENTER.lat - CITY_HALF_HEIGHT_M / METERS_PER_DEG_LAT),
  east: round6(CITY_CENTER.lng + CITY_HALF_WIDTH_M / METERS_PER_DEG_LNG),
  north: round6(CITY_CENTER.lat + CITY_HALF_HEIGHT_M / METERS_PER_DEG_LAT),
});

/** The same bbox as `[west, south, east, north]`, the order MapLibre's `fitBounds`/`maxBounds` take. */
export const CITY_BBOX: readonly [number, number, number, number] = Object.freeze([
  CITY_BOUNDS.west, CITY_BOUNDS.south, CITY_BOUNDS.east, CITY_BOUNDS.north,
] as [number, number, number, number]);

/** Whether a point lies inside the city bbox (edges included). Says nothing about water. */
export function isInCity(point: LatLng): boolean {
  return point.lat >= CITY_BOUNDS.south && point.lat <= CITY_BOUNDS.north
    && point.lng >= CITY_BOUNDS.west && point.lng <= CITY_BOUNDS.east;
}
