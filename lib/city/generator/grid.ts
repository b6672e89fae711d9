/**
 * A street grid with character: spacing that varies by district, per-node jitter and an
 * optional low-frequency warp, in a frame that may be rotated. Real cities are grids that
 * were surveyed in pieces, then bent around hills and shores; this imitates that cheaply.
 */
import { type Random } from '../prng';
import { type Pt } from './local';

/** How to lay out one grid. */
export interface GridSpec {
  /** World position of grid coordinate (0, 0). */
  origin: Pt;
  /** Direction of the u axis, radians counter-clockwise from east. */
  angle: number;
  uRange: [number, number];
  vRange: [number, number];
  /** Distance to the next column after the column at `u`. */
  uSpacing(u: number): number;
  /** Distance to the next row after the row at `v`. */
  vSpacing(v: number): number;
  /** Jitter amplitude (metres) for the node at world position `p`. */
  jitter(p: Pt): number;
  /** Smooth displacement applied after jitter, e.g. a gentle bend in the outskirts. */
  warp?(p: Pt): Pt;
}

/** Node positions of a laid-out grid: `node(i, j)` is column `i`, row `j`. */
export interface Grid {
  readonly columns: number;
  readonly rows: number;
  node(i: number, j: number): Pt;
  /** Column `i` as a polyline (south → north in grid terms). */
  column(i: number): Pt[];
  /** Row `j` as a polyline (west → east in grid terms). */
  row(j: number): Pt[];
  /** Grid coordinates → world, without jitter (for region tests on whole cells). */
  world(u: number, v: number): Pt;
  readonly us: readonly number[];
  readonly vs: readonly number[];
}

/** Positions from `range[0]` to exactly `range[1]`, so a grid can end on a known line. */
function steps(range: [number, number], spacing: (at: number) => number): number[] {
  const out: number[] = [];
  for (let at = range[0]; at <= range[1]; at += Math.max(20, spacing(at))) out.push(at);
  const last = out.at(-1) ?? range[0];
  if (range[1] - last > 0.5 * spacing(last)) out.push(range[1]);
  else out[out.length - 1] = range[1];
  return out;
}

/** Lays out a grid; consumes `random` in a fixed order, so the same seed gives the same grid. */
export function createGrid(spec: GridSpec, random: Random): Grid {
  const us = steps(spec.uRange, spec.uSpacing);
  const vs = steps(spec.vRange, spec.vSpacing);
  const cos = Math.cos(spec.angle);
  const sin = Math.sin(spec.angle);
  const world = (u: number, v: number): Pt => [spec.origin[0] + u * cos - v * sin, spec.origin[1] + u * sin + v * cos];

  const nodes: Pt[] = [];
  for (const u of us) {
    for (const v of vs) {
      const base = world(u, v);
      const amplitude = spec.jitter(base);
      const jittered: Pt = [base[0] + (random() * 2 - 1) * amplitude, base[1] + (random() * 2 - 1) * amplitude];
      nodes.push(spec.warp ? spec.warp(jittered) : jittered);
    }
  }
  const node = (i: number, j: number): Pt => {
    const p = nodes[i * vs.length + j];
    if (!p) throw new RangeError(`grid node (${i}, ${j}) out of range`);
    return p;
  };
  return {
    columns: us.length,
    rows: vs.length,
    node,
    column: (i) => vs.map((_, j) => node(i, j)),
    row: (j) => us.map((_, i) => node(i, j)),
    world,
    us,
    vs,
  };
}
