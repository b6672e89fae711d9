/**
 * The city's routing graph: nearest-node snapping and fastest routes (A*). Browser-safe —
 * it takes the parsed `roads.json` object, so the same code runs in Node (simulated
 * drivers, the server) and in the browser (route previews).
 */
import { AppError } from '@/lib/errors';
import { type LatLng } from '@/lib/protocol/common';
import { haversineMeters, haversineRaw, kmhToMps } from './geo';
import { createMinHeap } from './min-heap';
import { createSpatialIndex } from './spatial-index';
import { type RoadClass, roadGraphDataSchema } from './types';

/** Driving speed by road class, km/h (city traffic, not the posted limit). */
export const ROAD_SPEED_KMH: Readonly<Record<RoadClass, number>> = Object.freeze({ major: 40, minor: 25 });

/** The snapped node for a point. */
export interface NearestNode {
  index: number;
  point: LatLng;
  /** From the query to the node. */
  distanceMeters: number;
}

/** A route from one point to another along the roads. */
export interface Route {
  /** The exact start, every graph node passed, then the exact end (no repeated points). */
  points: LatLng[];
  /** Graph nodes passed, in order (the snapped start node first, the snapped end node last). */
  nodes: number[];
  /** Speed on each leg `points[i] → points[i + 1]`, m/s; the off-road legs use the minor speed. */
  speedsMps: number[];
  distanceMeters: number;
  durationSeconds: number;
}

/** A loaded road graph. */
export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Position of node `index`. */
  node(index: number): LatLng;
  /** Whether an edge joins nodes `a` and `b` (either direction). */
  hasEdge(a: number, b: number): boolean;
  /** The closest node to `point` (straight-line distance). */
  nearestNode(point: LatLng): NearestNode;
  /**
   * The fastest route between two points: both are snapped to their nearest nodes and the
   * straight legs to and from those nodes are included. Throws `ROUTE_NOT_FOUND` only for
   * a disconnected graph (the published one is connected by construction).
   */
  shortestPath(from: LatLng, to: LatLng): Route;
}

/** Loads a graph from parsed `roads.json`. Throws an {@link AppError} `INVALID_ROAD_GRAPH` on bad data. */
export function createRoadGraph(data: unknown): RoadGraph {
  const parsed = roadGraphDataSchema.safeParse(data);
  if (!parsed.success) throw new AppError('INVALID_ROAD_GRAPH', `road graph is malformed: ${parsed.error.message}`, 500);
  const { nodes, edges } = parsed.data;
  const n = nodes.length;
  const lat = Float64Array.from(nodes, (p) => p[1]);
  const lng = Float64Array.from(nodes, (p) => p[0]);

  // Compressed adjacency (CSR): neighbours of i are slots start[i] .. start[i + 1] - 1.
  const start = new Int32Array(n + 1);
  for (const [a, b] of edges) {
    if (a >= n || b >= n) throw new AppError('INVALID_ROAD_GRAPH', `edge ${a}-${b} points past the ${n} nodes`, 500);
    start[a + 1] = (start[a + 1] as number) + 1;
    start[b + 1] = (start[b + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const owner = new Int32Array(2 * edges.length);
  const target = new Int32Array(2 * edges.length);
  const lengthM = new Float64Array(2 * edges.length);
  const speed = new Float64Array(2 * edges.length);
  const fill = start.slice(0, n);
  const put = (from: number, to: number, length: number, cls: RoadClass) => {
    const slot = fill[from] as number;
    owner[slot] = from;
    target[slot] = to;
    lengthM[slot] = length;
    speed[slot] = kmhToMps(ROAD_SPEED_KMH[cls]);
    fill[from] = slot + 1;
  };
  for (const [a, b, length, cls] of edges) {
    put(a, b, length, cls);
    put(b, a, length, cls);
  }

  const index = createSpatialIndex(lat, lng);
  const maxSpeed = kmhToMps(Math.max(ROAD_SPEED_KMH.major, ROAD_SPEED_KMH.minor));
  const offRoadSpeed = kmhToMps(ROAD_SPEED_KMH.minor);
  const node = (i: number): LatLng => {
    if (!(i >= 0 && i < n)) throw new RangeError(`no node ${i}`);
    return { lat: lat[i] as number, lng: lng[i] as number };
  };

  const nearestNode = (point: LatLng): NearestNode => {
    const i = index.nearest(point);
    const p = node(i);
    return { index: i, point: p, distanceMeters: haversineMeters(point, p) };
  };

  /** A* over travel time; the heuristic (straight line at top speed) never overestimates. */
  const search = (source: number, goal: number): { nodes: number[]; slots: number[] } => {
    const g = new Float64Array(n).fill(Infinity);
    const via = new Int32Array(n).fill(-1);
    const closed = new Uint8Array(n);
    const heap = createMinHeap();
    const gLat = lat[goal] as number;
    const gLng = lng[goal] as number;
    // The 0.999 absorbs the 0.1 m rounding of stored edge lengths, keeping the heuristic admissible.
    const h = (i: number) => (0.999 * haversineRaw(lat[i] as number, lng[i] as number, gLat, gLng)) / maxSpeed;
    g[source] = 0;
    heap.push(source, h(source));
    while (heap.size > 0) {
      const u = heap.pop();
      if (closed[u]) continue;
      if (u === goal) break;
      closed[u] = 1;
      const gu = g[u] as number;
      for (let s = start[u] as number; s < (start[u + 1] as number); s++) {
        const v = target[s] as number;
        if (closed[v]) continue;
        const cost = gu + (lengthM[s] as number) / (speed[s] as number);
        if (cost < (g[v] as number)) {
          g[v] = cost;
          via[v] = s;
          heap.push(v, cost + h(v));
        }
      }
    }
    if (g[goal] === Infinity) throw new AppError('ROUTE_NOT_FOUND', `no road connects node ${source} to node ${goal}`, 404);
    const path = [goal];
    const slots: number[] = [];
    for (let at = goal; at !== source;) {
      const slot = via[at] as number;
      slots.push(slot);
      at = owner[slot] as number;
      path.push(at);
    }
    return { nodes: path.reverse(), slots: slots.reverse() };
  };

  return {
    nodeCount: n,
    edgeCount: edges.length,
    node,
    hasEdge(a, b) {
      for (let s = start[a] ?? 0; s < (start[a + 1] ?? 0); s++) if (target[s] === b) return true;
      return false;
    },
    nearestNode,
    shortestPath(from, to) {
      const a = nearestNode(from);
      const b = nearestNode(to);
      const { nodes: path, slots } = search(a.index, b.index);
      const points: LatLng[] = [];
      const speedsMps: number[] = [];
      let distanceMeters = 0;
      let durationSeconds = 0;
      const leg = (next: LatLng, metres: number, mps: number) => {
        // Skip zero-length legs (a start exactly on a node) so consumers never divide by zero.
        if (points.length > 0 && metres < 0.01) return;
        if (points.length > 0) {
          speedsMps.push(mps);
          distanceMeters += metres;
          durationSeconds += metres / mps;
        }
        points.push(next);
      };
      leg(from, 0, offRoadSpeed);
      leg(a.point, a.distanceMeters, offRoadSpeed);
      slots.forEach((slot, k) => leg(node(path[k + 1] as number), lengthM[slot] as number, speed[slot] as number));
      leg(to, b.distanceMeters, offRoadSpeed);
      return { points, nodes: path, speedsMps, distanceMeters, durationSeconds };
    },
  };
}
