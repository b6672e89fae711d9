/**
 * Data shapes of the offline city: the routing graph (`public/city/roads.json`) and the
 * GeoJSON layers (`public/city/*.geojson`). The GeoJSON types are the small subset the city
 * uses, declared here so nothing depends on a transitive `@types/geojson`.
 */
import { z } from 'zod';

/** Road class: decides routing speed and how the map draws the road. */
export type RoadClass = 'major' | 'minor';

/** `[lng, lat]`, GeoJSON order. */
export type Position = [number, number];

/** An undirected edge: `[fromNode, toNode, lengthMeters, class]`. */
export type RoadEdge = [number, number, number, RoadClass];

/** The routing graph as stored in `roads.json`. */
export interface RoadGraphData {
  nodes: Position[];
  edges: RoadEdge[];
}

const position = z.tuple([z.number().finite().min(-180).max(180), z.number().finite().min(-90).max(90)]);
const index = z.number().int().min(0);

/** Validates a parsed `roads.json`; node references are range-checked by the graph loader. */
export const roadGraphDataSchema = z.object({
  nodes: z.array(position).min(1),
  edges: z.array(z.tuple([index, index, z.number().finite().min(0), z.enum(['major', 'minor'])])),
});

/** GeoJSON geometry subset used by the city layers. */
export type Geometry =
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] };

/** A GeoJSON feature with typed properties. */
export interface Feature<P extends object = Record<string, string | number>> {
  type: 'Feature';
  properties: P;
  geometry: Geometry;
}

/** A GeoJSON feature collection. */
export interface FeatureCollection<P extends object = Record<string, string | number>> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

/** Properties of a feature in `roads.geojson`. */
export interface RoadProperties {
  name: string;
  class: RoadClass;
}
