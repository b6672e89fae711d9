/**
 * The generator's working space: a flat metre grid centred on {@link CITY_CENTER}
 * (x east, y north). At city scale an equirectangular projection is accurate to well under
 * a metre, and plain x/y makes intersections, offsets and areas simple arithmetic.
 */
import { CITY_CENTER, METERS_PER_DEG_LAT, METERS_PER_DEG_LNG } from '../bounds';
import { type Position } from '../types';

/** A point in local metres: `[x east, y north]`. */
export type Pt = [number, number];

/** Six decimals is about 0.1 m: plenty for a map, and it keeps the files small. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/** Local metres → GeoJSON `[lng, lat]`, rounded to six decimals. */
export function toPosition(p: Pt): Position {
  return [round6(CITY_CENTER.lng + p[0] / METERS_PER_DEG_LNG), round6(CITY_CENTER.lat + p[1] / METERS_PER_DEG_LAT)];
}

/** Polygon ring (open, no repeated first point) → closed GeoJSON ring. */
export function toRing(points: readonly Pt[]): Position[] {
  const ring = points.map(toPosition);
  const first = ring[0];
  if (first) ring.push([first[0], first[1]]);
  return ring;
}

/** Euclidean distance in metres. */
export const dist = (a: Pt, b: Pt): number => Math.hypot(b[0] - a[0], b[1] - a[1]);

/** Linear interpolation from `a` (t = 0) to `b` (t = 1). */
export const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** Clamps to [0, 1]. */
export const clamp01 = (t: number): number => Math.min(1, Math.max(0, t));

/** Hermite smoothstep on [0, 1]: eases district transitions so block sizes change gradually. */
export const smoothstep = (t: number): number => {
  const c = clamp01(t);
  return c * c * (3 - 2 * c);
};

/** Signed area of an open ring; positive when counter-clockwise. */
export function signedArea(ring: readonly Pt[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Pt;
    const b = ring[(i + 1) % ring.length] as Pt;
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/** Area centroid of a simple ring (falls back to the vertex mean for degenerate rings). */
export function centroid(ring: readonly Pt[]): Pt {
  let cx = 0;
  let cy = 0;
  let twiceArea = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as Pt;
    const b = ring[(i + 1) % ring.length] as Pt;
    const cross = a[0] * b[1] - b[0] * a[1];
    twiceArea += cross;
    cx += (a[0] + b[0]) * cross;
    cy += (a[1] + b[1]) * cross;
  }
  if (Math.abs(twiceArea) < 1e-9) {
    const n = Math.max(1, ring.length);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * twiceArea), cy / (3 * twiceArea)];
}

/** Even–odd point-in-polygon test. */
export function pointInRing(p: Pt, ring: readonly Pt[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as Pt;
    const b = ring[j] as Pt;
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

/** Offsets a polyline sideways by `offset` metres (positive = left of travel direction). */
export function offsetPolyline(points: readonly Pt[], offset: (p: Pt) => number): Pt[] {
  return points.map((p, i) => {
    const prev = points[Math.max(0, i - 1)] as Pt;
    const next = points[Math.min(points.length - 1, i + 1)] as Pt;
    const dx = next[0] - prev[0];
    const dy = next[1] - prev[1];
    const len = Math.hypot(dx, dy) || 1;
    const d = offset(p);
    return [p[0] - (dy / len) * d, p[1] + (dx / len) * d];
  });
}

/** Samples `f` at `x = from, from + step, …, to` (both ends included). */
export function sampleRange(from: number, to: number, step: number): number[] {
  const count = Math.max(1, Math.ceil(Math.abs(to - from) / step));
  return Array.from({ length: count + 1 }, (_, i) => lerp(from, to, i / count));
}

/** Douglas–Peucker simplification: drops vertices closer than `tolerance` metres to the line. */
export function simplify(points: readonly Pt[], tolerance: number): Pt[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [number, number];
    const a = points[from] as Pt;
    const b = points[to] as Pt;
    const len = dist(a, b);
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = from + 1; i < to; i++) {
      const p = points[i] as Pt;
      const d = len === 0 ? dist(a, p) : Math.abs((b[0] - a[0]) * (a[1] - p[1]) - (a[0] - p[0]) * (b[1] - a[1])) / len;
      if (d > worstDistance) {
        worst = i;
        worstDistance = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([from, worst], [worst, to]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}
