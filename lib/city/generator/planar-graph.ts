/**
 * Turns street polylines into a planar road graph: every crossing becomes a node, shared
 * by both streets, so routing can turn there. Then the debris of clipping is swept away
 * (metre-long stubs past a boundary road) and only the largest connected piece is kept,
 * so every node can reach every other.
 */
import { type RoadClass } from '../types';
import { type StreetLine } from './arterials';
import { type Pt, dist } from './local';

/** An undirected street segment between two intersections (or shape points). */
export interface PlanarEdge {
  a: number;
  b: number;
  cls: RoadClass;
  name: string;
}

/** Nodes in local metres and edges between them. */
export interface PlanarGraph {
  nodes: Pt[];
  edges: PlanarEdge[];
}

const CELL_M = 200;
/** Points closer than this are one node: intersections computed twice differ by rounding. */
const MERGE_M = 0.5;
/** Edges shorter than this are contracted to a point. */
const COLLAPSE_M = 4;
/** Dead-end edges shorter than this are clipping overshoot, not streets. */
const STUB_M = 25;
/** Parameter slack so a street starting exactly on another one still splits it. */
const EPS = 1e-7;

interface Segment { p: Pt; q: Pt; line: number; index: number; splits: { t: number; at: Pt }[] }

/** Finds all crossings with a uniform-grid broad phase (O(n) pairs for street-like input). */
function splitAtCrossings(segments: Segment[]): void {
  const cells = new Map<string, number[]>();
  segments.forEach((s, id) => {
    const [x0, x1] = [Math.min(s.p[0], s.q[0]), Math.max(s.p[0], s.q[0])].map((v) => Math.floor(v / CELL_M)) as [number, number];
    const [y0, y1] = [Math.min(s.p[1], s.q[1]), Math.max(s.p[1], s.q[1])].map((v) => Math.floor(v / CELL_M)) as [number, number];
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = `${cx},${cy}`;
        const list = cells.get(key);
        if (list) list.push(id);
        else cells.set(key, [id]);
      }
    }
  });
  const seen = new Set<number>();
  for (const ids of cells.values()) {
    for (let m = 0; m < ids.length; m++) {
      for (let n = m + 1; n < ids.length; n++) {
        const i = ids[m] as number;
        const j = ids[n] as number;
        const key = i < j ? i * segments.length + j : j * segments.length + i;
        if (seen.has(key)) continue;
        seen.add(key);
        intersect(segments[i] as Segment, segments[j] as Segment);
      }
    }
  }
}

function intersect(s: Segment, r: Segment): void {
  // Consecutive pieces of one street meet at their shared vertex; that is not a crossing.
  if (s.line === r.line && Math.abs(s.index - r.index) === 1) return;
  const dx = s.q[0] - s.p[0];
  const dy = s.q[1] - s.p[1];
  const ex = r.q[0] - r.p[0];
  const ey = r.q[1] - r.p[1];
  const denom = dx * ey - dy * ex;
  if (Math.abs(denom) < 1e-9) return; // parallel: streets never share a stretch by construction
  const fx = r.p[0] - s.p[0];
  const fy = r.p[1] - s.p[1];
  const t = (fx * ey - fy * ex) / denom;
  const u = (fx * dy - fy * dx) / denom;
  if (t < -EPS || t > 1 + EPS || u < -EPS || u > 1 + EPS) return;
  const at: Pt = [s.p[0] + dx * t, s.p[1] + dy * t];
  s.splits.push({ t, at });
  r.splits.push({ t: u, at });
}

/** Assigns node ids, merging points within {@link MERGE_M}. */
function createNodeIndex() {
  const nodes: Pt[] = [];
  const buckets = new Map<string, number[]>();
  return {
    nodes,
    id(p: Pt): number {
      const cx = Math.floor(p[0]);
      const cy = Math.floor(p[1]);
      for (let x = cx - 1; x <= cx + 1; x++) {
        for (let y = cy - 1; y <= cy + 1; y++) {
          for (const id of buckets.get(`${x},${y}`) ?? []) {
            if (dist(nodes[id] as Pt, p) <= MERGE_M) return id;
          }
        }
      }
      nodes.push(p);
      const key = `${cx},${cy}`;
      const list = buckets.get(key);
      if (list) list.push(nodes.length - 1);
      else buckets.set(key, [nodes.length - 1]);
      return nodes.length - 1;
    },
  };
}

/** Builds the planar graph of `lines` (see the file comment for the clean-up it does). */
export function buildPlanarGraph(lines: readonly StreetLine[]): PlanarGraph {
  const segments: Segment[] = [];
  lines.forEach((line, lineIndex) => {
    for (let k = 0; k + 1 < line.points.length; k++) {
      const p = line.points[k] as Pt;
      const q = line.points[k + 1] as Pt;
      if (dist(p, q) > 1e-6) segments.push({ p, q, line: lineIndex, index: k, splits: [] });
    }
  });
  splitAtCrossings(segments);

  const index = createNodeIndex();
  const edges = new Map<string, PlanarEdge>();
  for (const s of segments) {
    const points = [s.p, ...s.splits.sort((x, y) => x.t - y.t).map((split) => split.at), s.q];
    const line = lines[s.line] as StreetLine;
    let prev = index.id(points[0] as Pt);
    for (const p of points.slice(1)) {
      const id = index.id(p);
      if (id === prev) continue;
      const key = prev < id ? `${prev}-${id}` : `${id}-${prev}`;
      const existing = edges.get(key);
      // Where a major and a minor street overlap, the major one wins (speed and label).
      if (!existing || (existing.cls === 'minor' && line.cls === 'major')) {
        edges.set(key, { a: prev, b: id, cls: line.cls, name: line.name });
      }
      prev = id;
    }
  }
  return largestComponent(pruneStubs(collapseShortEdges({ nodes: index.nodes, edges: [...edges.values()] })));
}

/**
 * Merges the ends of edges shorter than {@link COLLAPSE_M} into one node: a crossing a
 * metre from a grid corner is the same intersection to a driver, and metre-long edges only
 * make routes and labels jittery.
 */
function collapseShortEdges(graph: PlanarGraph): PlanarGraph {
  const parent = Int32Array.from(graph.nodes, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x] as number)));
  for (const e of graph.edges) {
    if (dist(graph.nodes[e.a] as Pt, graph.nodes[e.b] as Pt) < COLLAPSE_M) parent[find(e.b)] = find(e.a);
  }
  const edges = new Map<string, PlanarEdge>();
  for (const e of graph.edges) {
    const a = find(e.a);
    const b = find(e.b);
    if (a === b) continue;
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    const existing = edges.get(key);
    if (!existing || (existing.cls === 'minor' && e.cls === 'major')) edges.set(key, { ...e, a, b });
  }
  return { nodes: graph.nodes, edges: [...edges.values()] };
}

function degrees(graph: PlanarGraph): Int32Array {
  const degree = new Int32Array(graph.nodes.length);
  for (const e of graph.edges) {
    degree[e.a] = (degree[e.a] ?? 0) + 1;
    degree[e.b] = (degree[e.b] ?? 0) + 1;
  }
  return degree;
}

/** Removes short dead ends, a few rounds so a stub of two pieces goes too. */
function pruneStubs(graph: PlanarGraph): PlanarGraph {
  let edges = graph.edges;
  for (let round = 0; round < 3; round++) {
    const degree = degrees({ nodes: graph.nodes, edges });
    edges = edges.filter((e) =>
      !((degree[e.a] === 1 || degree[e.b] === 1) && dist(graph.nodes[e.a] as Pt, graph.nodes[e.b] as Pt) < STUB_M));
  }
  return { nodes: graph.nodes, edges };
}

/** Keeps the largest connected component and renumbers its nodes densely, in original order. */
function largestComponent(graph: PlanarGraph): PlanarGraph {
  const parent = Int32Array.from(graph.nodes, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  for (const e of graph.edges) parent[find(e.a)] = find(e.b);
  const size = new Map<number, number>();
  for (const e of graph.edges) size.set(find(e.a), (size.get(find(e.a)) ?? 0) + 1);
  let best = -1;
  let bestSize = -1;
  for (const [root, count] of size) {
    if (count > bestSize) [best, bestSize] = [root, count];
  }
  const kept = graph.edges.filter((e) => find(e.a) === best);
  const used = new Uint8Array(graph.nodes.length);
  for (const e of kept) used[e.a] = used[e.b] = 1;
  const remap = new Int32Array(graph.nodes.length).fill(-1);
  const nodes: Pt[] = [];
  graph.nodes.forEach((p, i) => {
    if (used[i]) remap[i] = nodes.push(p) - 1;
  });
  return { nodes, edges: kept.map((e) => ({ ...e, a: remap[e.a] as number, b: remap[e.b] as number })) };
}
