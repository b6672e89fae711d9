/**
 * Generates Harbor City: a made-up coastal city (not real map data) laid out around
 * `CITY_CENTER` (bounds.ts). The output is a pure function of the seed — same seed, byte-identical
 * layers — so the committed files in `public/city/` can be re-made and checked at any time.
 * `generate.ts` writes them; tests call {@link generateCity} in memory.
 */
import { CITY_HALF_HEIGHT_M, CITY_HALF_WIDTH_M } from './bounds';
import { createPrng, type Random } from './prng';
import { type Feature, type FeatureCollection, type RoadGraphData, type RoadProperties } from './types';
import { createArterials, createDistricts, type StreetLine } from './generator/arterials';
import { insetRing, traceFaces } from './generator/faces';
import { greenways } from './generator/greenways';
import { collection, polygonFeature, roadFeatures, toRoadGraphData } from './generator/layers';
import { clipPolyline } from './generator/clip';
import { type Pt, pointInRing, simplify } from './generator/local';
import { buildPlanarGraph } from './generator/planar-graph';
import { createStreetNamer } from './generator/street-names';
import { layoutStreets } from './generator/streets';
import { RIVER_CORRIDOR_M, createTerrain } from './generator/terrain';

/** The seed of the published city. */
export const DEFAULT_CITY_SEED = 20_261_105;

/** Properties of features in `water.geojson` and `parks.geojson`. */
export interface NamedAreaProperties {
  name: string;
  kind: 'bay' | 'river' | 'park' | 'square' | 'greenway';
}

/** Every published layer of the city. */
export interface CityData {
  water: FeatureCollection<NamedAreaProperties>;
  parks: FeatureCollection<NamedAreaProperties>;
  blocks: FeatureCollection<Record<string, never>>;
  roads: FeatureCollection<RoadProperties>;
  graph: RoadGraphData;
}

/** Kerb inset of blocks: half a typical street plus a pavement, in metres. */
const BLOCK_INSET_M = 7;
const MIN_BLOCK_M2 = 1500;
const MAX_BLOCK_M2 = 300_000;

/** Builds the whole city from a seed. Takes about a second; run it once and keep the result. */
export function generateCity(seed: number = DEFAULT_CITY_SEED): CityData {
  const random: Random = createPrng(seed);
  const terrain = createTerrain(random);
  const namer = createStreetNamer(random);
  const districts = createDistricts(terrain, random);
  // Arterials are smooth curves sampled densely; simplifying them to 2 m keeps the curves and
  // drops hundreds of shape points (graph edges) that would only slow routing down.
  const arterials: StreetLine[] = createArterials(terrain, districts, random)
    .map((line) => ({ ...line, points: simplify(line.points, 2) }));
  const { lines, park } = layoutStreets(districts, namer, random);
  const clippedArterials = arterials.flatMap((line) => clipArterial(line, districts.onLand));
  const graph = buildPlanarGraph([...clippedArterials, ...lines]);
  // Clip overshoot can leave a node a metre or two past the bbox edge; pull it back inside
  // (half a metre in, so rounding to six decimals cannot push it out again).
  graph.nodes = graph.nodes.map(([x, y]): Pt => [
    Math.max(-CITY_HALF_WIDTH_M + 0.5, Math.min(CITY_HALF_WIDTH_M - 0.5, x)),
    Math.max(-CITY_HALF_HEIGHT_M + 0.5, Math.min(CITY_HALF_HEIGHT_M - 0.5, y)),
  ]);

  const parks: Feature<NamedAreaProperties>[] = [];
  const blocks: Feature<Record<string, never>>[] = [];
  for (const face of traceFaces(graph)) {
    if (face.area < MIN_BLOCK_M2 || terrain.isWater(face.center) || terrain.riverDistance(face.center) < RIVER_CORRIDOR_M) continue;
    if (pointInRing(face.center, park.outline)) {
      const ring = insetRing(face.ring, BLOCK_INSET_M);
      if (ring) parks.push(polygonFeature(ring, { name: 'Founders Park', kind: 'park' }));
      continue;
    }
    if (face.area > MAX_BLOCK_M2) continue;
    const ring = insetRing(face.ring, BLOCK_INSET_M);
    if (!ring) continue;
    // A few mid-sized blocks become neighbourhood squares.
    if (face.area > 8000 && face.area < 60_000 && random() < 0.035) {
      parks.push(polygonFeature(ring, { name: namer.person('Square'), kind: 'square' }));
    } else {
      blocks.push(polygonFeature(ring, {}));
    }
  }
  for (const ring of greenways(terrain)) parks.push(polygonFeature(ring, { name: 'Riverwalk', kind: 'greenway' }));

  return {
    water: collection<NamedAreaProperties>([
      polygonFeature(terrain.bayPolygon, { name: 'Harbor Bay', kind: 'bay' }),
      polygonFeature(terrain.riverPolygon, { name: 'Kestrel River', kind: 'river' }),
    ]),
    parks: collection(parks),
    blocks: collection(blocks),
    roads: roadFeatures(graph),
    graph: toRoadGraphData(graph),
  };
}

/** Arterials stop at the shore (on Bayfront Drive) but bridge the river; Bayfront Drive is the shore line itself. */
function clipArterial(line: StreetLine, onLand: (p: Pt) => boolean): StreetLine[] {
  if (line.name === 'Bayfront Drive') return [line];
  return clipPolyline(line.points, onLand, { overshoot: 3 }).map((points) => ({ ...line, points }));
}
