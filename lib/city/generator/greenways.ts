/**
 * Parks that are not blocks: the strips between the riverside drives and the river, and
 * the waterfront between Bayfront Drive and the shore. Without them those strips would be
 * bare background, which reads as "missing data" rather than as a promenade.
 */
import { CITY_HALF_HEIGHT_M, CITY_HALF_WIDTH_M } from '../bounds';
import { type Pt, sampleRange } from './local';
import { COAST_SETBACK_M, RIVER_CORRIDOR_M, type Terrain } from './terrain';

/** Splits samples into runs where `ok` holds and turns each run into a strip polygon. */
function strips(samples: number[], ok: (s: number) => boolean, inner: (s: number) => Pt, outer: (s: number) => Pt): Pt[][] {
  const out: Pt[][] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 3) out.push([...run.map(inner), ...run.map(outer).reverse()]);
    run = [];
  };
  for (const s of samples) {
    if (ok(s)) run.push(s);
    else flush();
  }
  flush();
  return out;
}

/** Greenway polygons as open rings (winding is fixed when they become features). */
export function greenways(terrain: Terrain): Pt[][] {
  const slopeFactor = (x: number) => {
    const slope = (terrain.riverY(x + 5) - terrain.riverY(x - 5)) / 10;
    return Math.sqrt(1 + slope * slope);
  };
  const river = (side: 1 | -1, offset: (x: number) => number) => (x: number): Pt =>
    [x, terrain.riverY(x) + side * offset(x) * slopeFactor(x)];
  const xs = sampleRange(-CITY_HALF_WIDTH_M, CITY_HALF_WIDTH_M, 30);
  const ys = sampleRange(-CITY_HALF_HEIGHT_M, CITY_HALF_HEIGHT_M, 25);
  const result: Pt[][] = [];
  for (const side of [1, -1] as const) {
    const outer = river(side, () => RIVER_CORRIDOR_M - 14);
    result.push(...strips(
      xs,
      (x) => { const p = outer(x); return p[0] < terrain.coastX(p[1]) - COAST_SETBACK_M - 14; },
      river(side, (x) => terrain.riverHalfWidth(x) + 8),
      outer,
    ));
  }
  result.push(...strips(
    ys,
    (y) => {
      const p: Pt = [terrain.coastX(y) - COAST_SETBACK_M / 2, y];
      return terrain.riverDistance(p) > terrain.riverHalfWidth(p[0]) + 8;
    },
    (y) => [terrain.coastX(y) - COAST_SETBACK_M + 14, y],
    (y) => [terrain.coastX(y) - 6, y],
  ));
  return result;
}
