/**
 * City blocks are the faces of the planar road graph: the areas a walk around the streets
 * encloses. They are traced with the usual half-edge rule (at every node take the next
 * street clockwise from the one you arrived on, so the face stays on the left), then pulled
 * back from the kerb so streets drawn on top have pavement on both sides.
 */
import { type PlanarGraph } from './planar-graph';
import { type Pt, centroid, dist, signedArea } from './local';

/** A bounded face: counter-clockwise ring (open), its area and centroid. */
export interface Face {
  ring: Pt[];
  area: number;
  center: Pt;
}

/** Removes back-and-forth spikes (`a → b → a`) that dead-end streets leave in a face boundary. */
function removeSpikes(ids: number[]): number[] {
  const ring = ids.slice();
  let changed = true;
  while (changed && ring.length >= 3) {
    changed = false;
    for (let i = 0; i < ring.length; i++) {
      const prev = ring[(i - 1 + ring.length) % ring.length];
      const next = ring[(i + 1) % ring.length];
      if (prev === next) {
        // Drop the tip and one copy of the base.
        const drop = [i, (i + 1) % ring.length].sort((x, y) => y - x);
        for (const d of drop) ring.splice(d, 1);
        changed = true;
        break;
      }
    }
  }
  return ring;
}

/** Every bounded face of the graph (the unbounded outer face is left out). */
export function traceFaces(graph: PlanarGraph): Face[] {
  const neighbours: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    neighbours[e.a]?.push(e.b);
    neighbours[e.b]?.push(e.a);
  }
  const angle = (from: number, to: number) => {
    const a = graph.nodes[from] as Pt;
    const b = graph.nodes[to] as Pt;
    return Math.atan2(b[1] - a[1], b[0] - a[0]);
  };
  neighbours.forEach((list, node) => list.sort((x, y) => angle(node, x) - angle(node, y)));

  const visited = new Set<string>();
  const faces: Face[] = [];
  for (const e of graph.edges) {
    for (const [start, second] of [[e.a, e.b], [e.b, e.a]] as const) {
      if (visited.has(`${start}>${second}`)) continue;
      const ids: number[] = [];
      let u = start;
      let v = second;
      while (!visited.has(`${u}>${v}`)) {
        visited.add(`${u}>${v}`);
        ids.push(u);
        const around = neighbours[v] as number[];
        const back = around.indexOf(u);
        const w = around[(back - 1 + around.length) % around.length] as number;
        u = v;
        v = w;
      }
      const ring = removeSpikes(ids).map((id) => graph.nodes[id] as Pt);
      if (ring.length < 3) continue;
      const area = signedArea(ring);
      // The outer face (and any face around a detached piece) comes out clockwise.
      if (area > 0) faces.push({ ring, area, center: centroid(ring) });
    }
  }
  return faces;
}

/** Drops vertices where the boundary runs straight on (shape points of a straight street). */
function dropStraightVertices(ring: Pt[]): Pt[] {
  return ring.filter((p, i) => {
    const a = ring[(i - 1 + ring.length) % ring.length] as Pt;
    const b = ring[(i + 1) % ring.length] as Pt;
    const cross = (p[0] - a[0]) * (b[1] - p[1]) - (p[1] - a[1]) * (b[0] - p[0]);
    return Math.abs(cross) / Math.max(1e-9, dist(a, p) * dist(p, b)) > Math.sin((2 * Math.PI) / 180);
  });
}

/**
 * Shrinks a counter-clockwise ring by `by` metres: each side moves inward and neighbours
 * meet at the mitre. Very sharp corners would shoot the mitre far away; those rings fall
 * back to shrinking towards the centroid, which is crude but never self-intersects for the
 * mostly convex blocks the grid makes. Returns null when nothing sensible is left.
 */
export function insetRing(ring: Pt[], by: number): Pt[] | null {
  const pts = dropStraightVertices(ring);
  if (pts.length < 3) return null;
  const n = pts.length;
  const out: Pt[] = [];
  for (let i = 0; i < n; i++) {
    const a = pts[(i - 1 + n) % n] as Pt;
    const p = pts[i] as Pt;
    const b = pts[(i + 1) % n] as Pt;
    const n1 = inwardNormal(a, p);
    const n2 = inwardNormal(p, b);
    const bisector: Pt = [n1[0] + n2[0], n1[1] + n2[1]];
    const cosHalf = (bisector[0] * n1[0] + bisector[1] * n1[1]) / (Math.hypot(bisector[0], bisector[1]) || 1);
    if (cosHalf < 0.35) return shrinkToCentroid(pts, by);
    const scale = by / cosHalf / (Math.hypot(bisector[0], bisector[1]) || 1);
    out.push([p[0] + bisector[0] * scale, p[1] + bisector[1] * scale]);
  }
  const before = signedArea(pts);
  const after = signedArea(out);
  return after > 0.25 * before ? out : shrinkToCentroid(pts, by);
}

function inwardNormal(a: Pt, b: Pt): Pt {
  const len = dist(a, b) || 1;
  return [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
}

function shrinkToCentroid(ring: Pt[], by: number): Pt[] | null {
  const area = signedArea(ring);
  const c = centroid(ring);
  const factor = 1 - (2 * by) / Math.sqrt(Math.max(area, 1));
  if (factor < 0.3) return null;
  return ring.map((p) => [c[0] + (p[0] - c[0]) * factor, c[1] + (p[1] - c[1]) * factor]);
}
