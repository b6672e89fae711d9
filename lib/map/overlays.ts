/**
 * The data overlays drawn on any basemap: the surge hexagons and the trip route. Pure data
 * and layer specs, so they are tested without a browser; components/map adds them to a map.
 */
import { cellToBoundary, isValidCell } from 'h3-js';
import { type LatLng } from '@/lib/domain';
import { type LayerSpecification } from './offline-style';
import { OVERLAY_COLORS as C } from './palette';

/** A surge cell as the `surge` SSE stream sends it. */
export interface SurgeHexagon {
  h3: string;
  multiplier: number;
}

/** GeoJSON in the shapes the overlays use. */
export interface LineFeatureCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: Record<string, never>; geometry: { type: 'LineString'; coordinates: number[][] } }>;
}
export interface HexFeatureCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: { h3: string; multiplier: number }; geometry: { type: 'Polygon'; coordinates: number[][][] } }>;
}

/** Source ids the overlays own (prefixed so they never clash with a remote style's ids). */
export const OVERLAY_SOURCES = Object.freeze({ surge: 'curbside-surge', route: 'curbside-route' });

/** Below this a cell is drawn fully transparent: 1.0× is "no surge". */
const SURGE_VISIBLE_FROM = 1.05;

/** Surge cells as GeoJSON polygons (closed rings, `[lng, lat]`); invalid cell ids are skipped. */
export function hexagonsToGeoJson(hexagons: readonly SurgeHexagon[]): HexFeatureCollection {
  const features: HexFeatureCollection['features'] = [];
  for (const { h3, multiplier } of hexagons) {
    if (!isValidCell(h3) || !Number.isFinite(multiplier)) continue;
    const ring = cellToBoundary(h3, true);
    features.push({ type: 'Feature', properties: { h3, multiplier }, geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return { type: 'FeatureCollection', features };
}

/** A route as a GeoJSON line; fewer than two points draws nothing. */
export function routeToGeoJson(route: readonly LatLng[]): LineFeatureCollection {
  if (route.length < 2) return { type: 'FeatureCollection', features: [] };
  const coordinates = route.map((p) => [p.lng, p.lat]);
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }] };
}

const surgeOpacity = ['interpolate', ['linear'], ['get', 'multiplier'], 1, 0, SURGE_VISIBLE_FROM, 0.08, 2, 0.2, 3, 0.28] as const;

/** Surge layers: a subtle fill that warms from amber to red, and a faint outline. */
export function surgeLayers(): LayerSpecification[] {
  return [
    {
      id: 'curbside-surge-fill', type: 'fill', source: OVERLAY_SOURCES.surge,
      paint: {
        'fill-color': ['interpolate', ['linear'], ['get', 'multiplier'], 1, C.surgeLow, 2.5, C.surgeHigh],
        'fill-opacity': [...surgeOpacity] as unknown as number,
      },
    },
    {
      id: 'curbside-surge-outline', type: 'line', source: OVERLAY_SOURCES.surge,
      filter: ['>=', ['get', 'multiplier'], SURGE_VISIBLE_FROM],
      paint: { 'line-color': C.surgeHigh, 'line-opacity': 0.18, 'line-width': 0.8 },
    },
  ];
}

/** Route layers: a dark line on a white casing, readable on light and dark basemaps. */
export function routeLayers(): LayerSpecification[] {
  const common = { type: 'line', source: OVERLAY_SOURCES.route, layout: { 'line-join': 'round', 'line-cap': 'round' } } as const;
  return [
    { ...common, id: 'curbside-route-casing', paint: { 'line-color': C.routeCasing, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 5, 16, 11] } },
    { ...common, id: 'curbside-route', paint: { 'line-color': C.route, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 16, 6] } },
  ];
}

/** `[west, south, east, north]` around some points, or null for none. */
export function boundsOf(points: readonly LatLng[]): [number, number, number, number] | null {
  if (points.length === 0) return null;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (const { lat, lng } of points) {
    west = Math.min(west, lng); east = Math.max(east, lng);
    south = Math.min(south, lat); north = Math.max(north, lat);
  }
  return [west, south, east, north];
}
