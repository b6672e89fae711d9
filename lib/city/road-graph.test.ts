import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors';
import { type LatLng } from '@/lib/protocol/common';
import { CITY_BOUNDS } from './bounds';
import { haversineMeters } from './geo';
import { createPrng, type Random } from './prng';
import { ROAD_SPEED_KMH, createRoadGraph } from './road-graph';
import { type RoadGraphData } from './types';

const data = JSON.parse(readFileSync(path.resolve(__dirname, '../../public/city/roads.json'), 'utf8')) as RoadGraphData;
const graph = createRoadGraph(data);

function randomPoint(random: Random, pad = 0): LatLng {
  return {
    lat: CITY_BOUNDS.south - pad + random() * (CITY_BOUNDS.north - CITY_BOUNDS.south + 2 * pad),
    lng: CITY_BOUNDS.west - pad + random() * (CITY_BOUNDS.east - CITY_BOUNDS.west + 2 * pad),
  };
}

/** Plain Dijkstra over travel time, the reference A* must match. */
function referenceDuration(source: number, goal: number): number {
  const time = new Map<number, [number, number][]>();
  for (const [a, b, length, cls] of data.edges) {
    const t = length / (ROAD_SPEED_KMH[cls] / 3.6);
    time.set(a, [...(time.get(a) ?? []), [b, t]]);
    time.set(b, [...(time.get(b) ?? []), [a, t]]);
  }
  const best = new Float64Array(data.nodes.length).fill(Infinity);
  const done = new Uint8Array(data.nodes.length);
  best[source] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < best.length; i++) if (!done[i] && (u < 0 || (best[i] as number) < (best[u] as number))) u = i;
    if (u < 0 || u === goal || best[u] === Infinity) return best[goal] as number;
    done[u] = 1;
    for (const [v, t] of time.get(u) ?? []) best[v] = Math.min(best[v] as number, (best[u] as number) + t);
  }
}

describe('createRoadGraph', () => {
  it('rejects malformed data with a coded error', () => {
    for (const bad of [null, {}, { nodes: [], edges: [] }, { nodes: [[0, 0]], edges: [[0, 5, 1, 'minor']] }, { nodes: [[0, 0]], edges: [[0, 0, 1, 'highway']] }]) {
      let caught: unknown;
      try {
        createRoadGraph(bad);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught) && caught.code).toBe('INVALID_ROAD_GRAPH');
    }
  });

  it('finds the nearest node like a brute-force scan, inside and outside the city', () => {
    const random = createPrng(1);
    for (let k = 0; k < 300; k++) {
      const q = randomPoint(random, 0.01);
      const found = graph.nearestNode(q);
      let best = Infinity;
      for (let i = 0; i < graph.nodeCount; i++) best = Math.min(best, haversineMeters(q, graph.node(i)));
      expect(found.distanceMeters).toBeCloseTo(best, 1);
      expect(found.point).toEqual(graph.node(found.index));
    }
  });

  it('routes follow edges, start and end at the exact points, and are never shorter than the straight line', () => {
    const random = createPrng(2);
    for (let k = 0; k < 100; k++) {
      const from = randomPoint(random);
      const to = randomPoint(random);
      const route = graph.shortestPath(from, to);
      expect(route.points[0]).toEqual(from);
      expect(route.points.at(-1)).toEqual(to);
      expect(route.nodes[0]).toBe(graph.nearestNode(from).index);
      expect(route.nodes.at(-1)).toBe(graph.nearestNode(to).index);
      for (let i = 1; i < route.nodes.length; i++) {
        expect(graph.hasEdge(route.nodes[i - 1] as number, route.nodes[i] as number)).toBe(true);
      }
      expect(route.distanceMeters).toBeGreaterThanOrEqual(haversineMeters(from, to) - 1e-6);
      expect(route.speedsMps).toHaveLength(route.points.length - 1);
      let legs = 0;
      let seconds = 0;
      route.points.slice(1).forEach((p, i) => {
        const metres = haversineMeters(route.points[i] as LatLng, p);
        expect(metres).toBeGreaterThan(0);
        legs += metres;
        seconds += metres / (route.speedsMps[i] as number);
      });
      expect(legs).toBeCloseTo(route.distanceMeters, -1);
      expect(seconds).toBeCloseTo(route.durationSeconds, -1);
      // Average speed lies between the minor and major class speeds.
      const kmh = (route.distanceMeters / Math.max(route.durationSeconds, 1e-9)) * 3.6;
      if (route.distanceMeters > 0) {
        expect(kmh).toBeGreaterThanOrEqual(ROAD_SPEED_KMH.minor - 1e-6);
        expect(kmh).toBeLessThanOrEqual(ROAD_SPEED_KMH.major + 1e-6);
      }
    }
  });

  it('gives symmetric distances (within 1%)', () => {
    const random = createPrng(3);
    for (let k = 0; k < 100; k++) {
      const a = randomPoint(random);
      const b = randomPoint(random);
      const there = graph.shortestPath(a, b).distanceMeters;
      const back = graph.shortestPath(b, a).distanceMeters;
      expect(Math.abs(there - back)).toBeLessThanOrEqual(0.01 * Math.max(there, back) + 1e-6);
    }
  });

  it('finds the fastest route (matches plain Dijkstra)', () => {
    const random = createPrng(4);
    for (let k = 0; k < 8; k++) {
      const from = Math.floor(random() * graph.nodeCount);
      const to = Math.floor(random() * graph.nodeCount);
      const route = graph.shortestPath(graph.node(from), graph.node(to));
      expect(route.durationSeconds).toBeCloseTo(referenceDuration(from, to), 3);
    }
  });

  it('prefers a longer major road when it is faster', () => {
    // 0 —minor 1000 m— 1, or 0 —major 700 m— 2 —major 700 m— 1: 144 s against 126 s.
    const tiny = createRoadGraph({
      nodes: [[-122.42, 37.77], [-122.40866, 37.77], [-122.41433, 37.7745]],
      edges: [[0, 1, 1000, 'minor'], [0, 2, 700, 'major'], [2, 1, 700, 'major']],
    });
    const route = tiny.shortestPath({ lat: 37.77, lng: -122.42 }, { lat: 37.77, lng: -122.40866 });
    expect(route.nodes).toEqual([0, 2, 1]);
    expect(route.durationSeconds).toBeCloseTo(1400 / (40 / 3.6), 6);
  });

  it('routes a point to itself', () => {
    const p = graph.node(10);
    const route = graph.shortestPath(p, p);
    expect(route.points).toEqual([p]);
    expect(route.distanceMeters).toBe(0);
  });

  it('answers 200 random routes quickly (timing printed, not asserted)', () => {
    const random = createPrng(5);
    const pairs = Array.from({ length: 200 }, () => [randomPoint(random), randomPoint(random)] as const);
    const started = performance.now();
    let metres = 0;
    for (const [a, b] of pairs) metres += graph.shortestPath(a, b).distanceMeters;
    const ms = performance.now() - started;
    console.log(`200 routes in ${ms.toFixed(0)} ms (${(ms / 200).toFixed(2)} ms each, ${(metres / 200 / 1000).toFixed(1)} km average)`);
    expect(ms).toBeLessThan(20_000);
  });
});
