/** Shapes shared by the map component and its helpers. */
import type * as MapLibre from 'maplibre-gl';
import { type LatLng } from '@/lib/domain';

/** The maplibre-gl module, loaded on the client with a dynamic import. */
export type MapLibreModule = typeof MapLibre;
/** A MapLibre map instance. */
export type MapLibreMap = MapLibre.Map;

/** Lifecycle of the map, mirrored on the container as `data-map-state`. */
export type MapState = 'loading' | 'ready' | 'error';

/** The map corner that holds the zoom buttons: one that the page's own overlays leave free. */
export type MapControlsPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** What a point marker shows. */
export type MapMarkerKind = 'pickup' | 'dropoff' | 'driver-self';

/** A point marker; `id` keeps it stable across renders. `lngLat` is a `{ lat, lng }` object. */
export interface MapMarker {
  id: string;
  lngLat: LatLng;
  kind: MapMarkerKind;
}

/** A loaded map with its module (Marker, LngLatBounds… come from the same module instance). */
export interface LoadedMap {
  lib: MapLibreModule;
  map: MapLibreMap;
}
