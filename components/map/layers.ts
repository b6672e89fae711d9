/** Adds the app's overlays (surge hexagons, route) to a loaded map and updates their data. */
import { type LatLng } from '@/lib/domain';
import { SURGE_BEFORE_LAYER_ID } from '@/lib/map/offline-style';
import { OVERLAY_SOURCES, hexagonsToGeoJson, routeLayers, routeToGeoJson, surgeLayers, type SurgeHexagon } from '@/lib/map/overlays';
import { type MapLibreMap } from './types';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/**
 * Adds the overlay sources and layers once. Surge goes under the water and roads of the
 * offline style (so streets stay readable through it); on a remote style, whose layer ids we
 * do not know, it goes on top of everything but the route.
 */
export function addOverlayLayers(map: MapLibreMap): void {
  for (const id of Object.values(OVERLAY_SOURCES)) {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: EMPTY });
  }
  const surgeBefore = map.getLayer(SURGE_BEFORE_LAYER_ID) ? SURGE_BEFORE_LAYER_ID : undefined;
  for (const layer of surgeLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer, surgeBefore);
  for (const layer of routeLayers()) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

/** Replaces the data of one of our GeoJSON sources, if the map still has it. */
function setSourceData(map: MapLibreMap, sourceId: string, data: GeoJSON.GeoJSON): void {
  const source = map.getSource(sourceId);
  if (source && 'setData' in source && typeof source.setData === 'function') void source.setData(data);
}

/** Draws the surge hexagons. */
export function showHexagons(map: MapLibreMap, hexagons: readonly SurgeHexagon[]): void {
  setSourceData(map, OVERLAY_SOURCES.surge, hexagonsToGeoJson(hexagons) as GeoJSON.FeatureCollection);
}

/** Draws the route. */
export function showRoute(map: MapLibreMap, route: readonly LatLng[]): void {
  setSourceData(map, OVERLAY_SOURCES.route, routeToGeoJson(route) as GeoJSON.FeatureCollection);
}
