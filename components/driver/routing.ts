/** Road routes for the driver's screens, with a straight-line fallback while the graph loads. */
import { haversineMeters } from '@/lib/city/geo';
import { ROAD_SPEED_KMH, type RoadGraph } from '@/lib/city/road-graph';
import type { LatLng } from '@/lib/protocol/common';

export interface RouteSummary {
  points: LatLng[];
  distanceMeters: number;
  durationSeconds: number;
}

/** The fastest road route, or a straight line at minor-road speed when there is no graph. */
export function routeBetween(graph: RoadGraph | null, from: LatLng, to: LatLng): RouteSummary {
  if (graph) {
    try {
      const route = graph.shortestPath(from, to);
      return { points: route.points, distanceMeters: route.distanceMeters, durationSeconds: route.durationSeconds };
    } catch {
      // A disconnected graph cannot happen with the published city; fall through to a line.
    }
  }
  const distanceMeters = haversineMeters(from, to);
  return { points: [from, to], distanceMeters, durationSeconds: distanceMeters / (ROAD_SPEED_KMH.minor / 3.6) };
}

/** Rounds a point so memoised routes and camera moves do not change on every metre. */
export const roundPoint = (point: LatLng, places = 4): LatLng => ({
  lat: Number(point.lat.toFixed(places)),
  lng: Number(point.lng.toFixed(places)),
});
