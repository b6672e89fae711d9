/**
 * The app's default basemap: a MapLibre style drawn only from the offline city in
 * `public/city/` (water, parks, blocks, roads), so the map works with no internet at all
 * (shared/PITFALLS.md: a style must not fetch anything from the internet).
 *
 * Road names are NOT drawn. MapLibre needs glyph PBFs from a `glyphs` URL to place any text
 * layer, and we ship no font server; pointing at a public one would break offline. The city
 * is still readable from road hierarchy (major roads are wider and outlined more strongly),
 * parks and water. To add labels later, serve glyph ranges from `public/` and add a
 * `symbol` layer on the `roads` source with `text-field: ['get', 'name']`.
 */
import type { MapOptions } from 'maplibre-gl';
import { BASEMAP_COLORS as C } from './palette';

/** A full MapLibre style document (the object form of `MapOptions.style`). */
export type StyleSpecification = Exclude<NonNullable<MapOptions['style']>, string>;
/** One layer of a style. */
export type LayerSpecification = StyleSpecification['layers'][number];

/** Where the offline city's GeoJSON is served from (Next serves `public/` at the root). */
export const CITY_DATA_PATH = '/city';

/** Source ids of the offline basemap, each backed by `/city/<id>.geojson`. */
export const BASEMAP_SOURCES = ['water', 'parks', 'blocks', 'roads'] as const;

/** The first road layer: the route and cars go above it. */
export const FIRST_ROAD_LAYER_ID = 'road-minor-casing';

/**
 * The layer the surge tint goes under: water. Surge is priced on land, and tinting the bay
 * only muddies it; streets and water stay crisp on top of the tint.
 */
export const SURGE_BEFORE_LAYER_ID = 'water';

type ZoomStops = ReadonlyArray<readonly [zoom: number, value: number]>;

/** A zoom-interpolated number (exponential base 1.5, MapLibre's usual for line widths). */
function byZoom(stops: ZoomStops): ['interpolate', ['exponential', number], ['zoom'], ...number[]] {
  return ['interpolate', ['exponential', 1.5], ['zoom'], ...stops.flat()];
}

const MINOR_WIDTH: ZoomStops = [[11, 0.4], [13, 1.2], [15, 5], [17, 14], [19, 40]];
const MINOR_CASING: ZoomStops = [[11, 0.6], [13, 2], [15, 7], [17, 17], [19, 46]];
const MAJOR_WIDTH: ZoomStops = [[11, 1.2], [13, 3], [15, 8], [17, 20], [19, 56]];
const MAJOR_CASING: ZoomStops = [[11, 1.8], [13, 4.5], [15, 10.5], [17, 24], [19, 64]];

const isClass = (roadClass: 'major' | 'minor'): ['==', ['get', string], string] => ['==', ['get', 'class'], roadClass];

/** One road line layer for a class: rounded joins so intersections look continuous. */
function roadLayer(id: string, roadClass: 'major' | 'minor', color: string, width: ZoomStops, minzoom = 0): LayerSpecification {
  return {
    id,
    type: 'line',
    source: 'roads',
    minzoom,
    filter: isClass(roadClass),
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': color, 'line-width': byZoom(width) },
  };
}

/** The basemap's layers, bottom to top. */
function basemapLayers(): LayerSpecification[] {
  return [
    { id: 'land', type: 'background', paint: { 'background-color': C.land } },
    { id: 'blocks', type: 'fill', source: 'blocks', paint: { 'fill-color': C.block, 'fill-antialias': true } },
    {
      id: 'blocks-outline', type: 'line', source: 'blocks', minzoom: 14,
      paint: { 'line-color': C.blockEdge, 'line-width': 0.6, 'line-opacity': byZoom([[14, 0], [16, 1]]) },
    },
    { id: 'parks', type: 'fill', source: 'parks', paint: { 'fill-color': C.park } },
    { id: 'parks-outline', type: 'line', source: 'parks', paint: { 'line-color': C.parkEdge, 'line-width': 0.8 } },
    { id: 'water', type: 'fill', source: 'water', paint: { 'fill-color': C.water } },
    { id: 'water-shore', type: 'line', source: 'water', paint: { 'line-color': C.waterEdge, 'line-width': byZoom([[11, 0.5], [16, 1.5]]) } },
    // Casings first, then fills, so crossing roads merge instead of drawing outlines on top.
    roadLayer(FIRST_ROAD_LAYER_ID, 'minor', C.minorCasing, MINOR_CASING, 12),
    roadLayer('road-major-casing', 'major', C.majorCasing, MAJOR_CASING),
    roadLayer('road-minor', 'minor', C.minorRoad, MINOR_WIDTH),
    roadLayer('road-major', 'major', C.majorRoad, MAJOR_WIDTH),
  ];
}

/**
 * Builds the offline style. Source URLs are root-relative paths on this origin; pass `origin`
 * (e.g. `window.location.origin`) to make them absolute, which some embedders need.
 */
export function buildOfflineStyle(origin = ''): StyleSpecification {
  const sources: StyleSpecification['sources'] = {};
  for (const id of BASEMAP_SOURCES) {
    // A small buffer/tolerance keeps the simplified lines smooth at city zooms.
    sources[id] = { type: 'geojson', data: `${origin}${CITY_DATA_PATH}/${id}.geojson`, tolerance: 0.3 };
  }
  return { version: 8, name: 'Curbside offline city', sources, layers: basemapLayers() };
}

/**
 * The style a map should use: `mapStyleUrl` (MAP_STYLE_URL, real tiles) when set, otherwise
 * the offline city style.
 */
export function styleFor(mapStyleUrl?: string, origin = ''): StyleSpecification | string {
  const url = mapStyleUrl?.trim();
  return url ? url : buildOfflineStyle(origin);
}
