/**
 * From local geometry to the published layers: GeoJSON features for the map and the
 * compact routing graph. Roads are merged back into one LineString per stretch of a named
 * street, so the map can place one label along it instead of one per block.
 */
import { haversineRaw } from '../geo';
import { type Feature, type FeatureCollection, type Position, type RoadGraphData, type RoadProperties } from '../types';
import { type PlanarEdge, type PlanarGraph } from './planar-graph';
import { type Pt, signedArea, toPosition, toRing } from './local';

/** A polygon feature from an open ring, wound counter-clockwise as RFC 7946 asks of outer rings. */
export function polygonFeature<P extends object>(ring: readonly Pt[], properties: P): Feature<P> {
  const ccw = signedArea(ring) >= 0 ? ring : ring.slice().reverse();
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [toRing(ccw)] } };
}

/** Wraps features in a FeatureCollection. */
export function collection<P extends object>(features: Feature<P>[]): FeatureCollection<P> {
  return { type: 'FeatureCollection', features };
}

/** The routing graph in `roads.json` form, with haversine lengths of the rounded coordinates. */
export function toRoadGraphData(graph: PlanarGraph): RoadGraphData {
  const nodes = graph.nodes.map(toPosition);
  const edges = graph.edges.map((e): RoadGraphData['edges'][number] => {
    const a = nodes[e.a] as Position;
    const b = nodes[e.b] as Position;
    return [e.a, e.b, Math.round(haversineRaw(a[1], a[0], b[1], b[0]) * 10) / 10, e.cls];
  });
  return { nodes, edges };
}

/**
 * One LineString per maximal chain of same-named edges: walks start at nodes where the
 * street ends, forks or meets itself, then any closed loops left over are walked too.
 */
export function roadFeatures(graph: PlanarGraph): FeatureCollection<RoadProperties> {
  const byName = new Map<string, PlanarEdge[]>();
  for (const e of graph.edges) {
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }
  const features: Feature<RoadProperties>[] = [];
  for (const [name, edges] of byName) {
    const incident = new Map<number, number[]>();
    edges.forEach((e, i) => {
      for (const node of [e.a, e.b]) {
        const list = incident.get(node);
        if (list) list.push(i);
        else incident.set(node, [i]);
      }
    });
    const used = new Uint8Array(edges.length);
    const walk = (startNode: number, firstEdge: number) => {
      const ids = [startNode];
      let node = startNode;
      let edge: number | undefined = firstEdge;
      let cls = edges[firstEdge]?.cls ?? 'minor';
      while (edge !== undefined && !used[edge]) {
        used[edge] = 1;
        const e = edges[edge] as PlanarEdge;
        if (e.cls === 'major') cls = 'major';
        node = e.a === node ? e.b : e.a;
        ids.push(node);
        const next: number[] = incident.get(node) ?? [];
        edge = next.length === 2 ? next.find((i) => !used[i]) : undefined;
      }
      features.push({
        type: 'Feature',
        properties: { name, class: cls },
        geometry: { type: 'LineString', coordinates: ids.map((id) => toPosition(graph.nodes[id] as Pt)) },
      });
    };
    for (const [node, list] of incident) {
      if (list.length === 2) continue;
      for (const i of list) if (!used[i]) walk(node, i);
    }
    edges.forEach((e, i) => {
      if (!used[i]) walk(e.a, i);
    });
  }
  return collection(features);
}
