/** Cutting polylines where they leave a region (water, a park, another district). */
import { type Pt, dist } from './local';

/** Region tests are sampled at least this often along a segment, so thin regions are not skipped. */
const SAMPLE_STEP_M = 20;

/** Options for {@link clipPolyline}. */
export interface ClipOptions {
  /**
   * Metres to run past each cut. A street cut at a district edge should end ON the boundary
   * road; running a metre past it makes the crossing a real intersection in the planar
   * graph (the stub beyond is pruned later).
   */
  overshoot?: number;
  /** Pieces shorter than this are dropped. */
  minLength?: number;
}

function lerpPt(a: Pt, b: Pt, t: number): Pt {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/** The point where `keep` flips between `a` (inside) and `b` (outside), by bisection. */
function crossing(a: Pt, b: Pt, keep: (p: Pt) => boolean): Pt {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (keep(lerpPt(a, b, mid))) lo = mid;
    else hi = mid;
  }
  return lerpPt(a, b, lo);
}

/** `p` moved `by` metres in the direction `from → to`. */
function extend(p: Pt, from: Pt, to: Pt, by: number): Pt {
  const len = dist(from, to) || 1;
  return [p[0] + ((to[0] - from[0]) / len) * by, p[1] + ((to[1] - from[1]) / len) * by];
}

function length(points: readonly Pt[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += dist(points[i - 1] as Pt, points[i] as Pt);
  return total;
}

/** Splits a polyline into the pieces inside `keep`, cutting exactly at region boundaries. */
export function clipPolyline(points: readonly Pt[], keep: (p: Pt) => boolean, options: ClipOptions = {}): Pt[][] {
  const overshoot = options.overshoot ?? 0;
  const minLength = options.minLength ?? 10;
  const pieces: Pt[][] = [];
  const first = points[0];
  if (!first) return pieces;
  let run: Pt[] | null = keep(first) ? [first] : null;

  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Pt;
    const b = points[i] as Pt;
    const steps = Math.max(1, Math.ceil(dist(a, b) / SAMPLE_STEP_M));
    let prev = a;
    let prevInside = run !== null;
    for (let s = 1; s <= steps; s++) {
      const q = s === steps ? b : lerpPt(a, b, s / steps);
      const inside = keep(q);
      if (prevInside && !inside && run) {
        run.push(extend(crossing(prev, q, keep), a, b, overshoot));
        pieces.push(run);
        run = null;
      } else if (!prevInside && inside) {
        run = [extend(crossing(q, prev, keep), b, a, overshoot)];
      }
      prev = q;
      prevInside = inside;
    }
    if (run && prevInside) run.push(b);
  }
  if (run) pieces.push(run);
  return pieces.filter((piece) => piece.length >= 2 && length(piece) >= minLength);
}
