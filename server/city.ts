import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isInCity } from '@/lib/city/bounds';
import { createRoadGraph, type RoadGraph } from '@/lib/city/road-graph';
import type { LatLng } from '@/lib/protocol/common';

/** The offline city's road graph (public/city/roads.json), loaded once per process. */
export function loadRoadGraph(root: string): RoadGraph {
  return createRoadGraph(JSON.parse(readFileSync(path.join(root, 'public/city/roads.json'), 'utf8')));
}

/** Road distance and duration between two points in the city; null when either is outside it. */
export function roadRouter(graph: RoadGraph) {
  return (from: LatLng, to: LatLng) => {
    if (!isInCity(from) || !isInCity(to)) return null;
    const route = graph.shortestPath(from, to);
    return { distanceMeters: Math.round(route.distanceMeters), durationSeconds: Math.round(route.durationSeconds), points: route.points };
  };
}
