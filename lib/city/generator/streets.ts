/**
 * Ordinary streets: the main grid (bending and thinning out towards the edges, interrupted
 * by the big park), the rotated grid south of Harbor Boulevard, and cul-de-sacs in the
 * outskirts. Every street is clipped to land and to its district; the arterials from
 * {@link createArterials} form the edges those clips end on.
 */
import { CITY_HALF_HEIGHT_M, CITY_HALF_WIDTH_M } from '../bounds';
import { type Random } from '../prng';
import { type RoadClass } from '../types';
import { type StreetLine, type Districts, DIVISION_X, DOWNTOWN } from './arterials';
import { clipPolyline } from './clip';
import { type Grid, createGrid } from './grid';
import { type Pt, lerp, smoothstep } from './local';
import { type StreetNamer, ordinal } from './street-names';

/** Streets cut at a boundary run this far past it, so the crossing becomes an intersection. */
const OVERSHOOT_M = 3;

/** How far inside the bbox the outermost streets run. */
const EDGE_INSET_M = 5;

/** 0 on the bbox edge → 1 from 400 m inside: tapers jitter and warp so edge streets stay on the edge. */
const edge = ([x, y]: Pt): number =>
  smoothstep(Math.min(CITY_HALF_WIDTH_M - Math.abs(x), CITY_HALF_HEIGHT_M - Math.abs(y)) / 400);

/** Where the big park is, in grid cells of the main grid (inclusive column/row ranges). */
export interface ParkArea {
  /** World-space rectangle through the park's corner nodes (without jitter), counter-clockwise. */
  outline: Pt[];
}

/** The grid streets plus the park they leave room for. */
export interface StreetLayout {
  lines: StreetLine[];
  park: ParkArea;
}

interface LineSpec {
  points: Pt[];
  name: string;
  cls: RoadClass;
  keep: (p: Pt) => boolean;
  /** Whether segment `k` (points k → k+1) is removed before clipping. */
  removed: (k: number) => boolean;
  /** Chance that a removed segment leaves a dead-end stub instead of a clean gap. */
  stubChance: number;
}

/** Splits a line at removed segments, sometimes leaving a dead-end stub, then clips each run. */
function emit(spec: LineSpec, random: Random, out: StreetLine[]): number {
  const before = out.length;
  let run: Pt[] = [spec.points[0] as Pt];
  const flush = () => {
    if (run.length >= 2) {
      for (const points of clipPolyline(run, spec.keep, { overshoot: OVERSHOOT_M })) {
        out.push({ points, name: spec.name, cls: spec.cls });
      }
    }
  };
  for (let k = 0; k + 1 < spec.points.length; k++) {
    const a = spec.points[k] as Pt;
    const b = spec.points[k + 1] as Pt;
    if (!spec.removed(k)) {
      run.push(b);
      continue;
    }
    if (random() < spec.stubChance) run.push([lerp(a[0], b[0], 0.4), lerp(a[1], b[1], 0.4)]);
    flush();
    run = [b];
  }
  flush();
  return out.length - before;
}

function parkCells(grid: Grid): { i0: number; i1: number; j0: number; j1: number } {
  const firstAtLeast = (values: readonly number[], min: number) => values.findIndex((v) => v >= min);
  const lastAtMost = (values: readonly number[], max: number) => values.findLastIndex((v) => v <= max);
  return {
    i0: firstAtLeast(grid.us, -3300), i1: lastAtMost(grid.us, -1750),
    j0: firstAtLeast(grid.vs, 650), j1: lastAtMost(grid.vs, 1250),
  };
}

/** Lays out the grid streets of both districts. */
export function layoutStreets(districts: Districts, namer: StreetNamer, random: Random): StreetLayout {
  const lines: StreetLine[] = [];
  const phase = [random() * 6.28, random() * 6.28];
  const main = createGrid({
    origin: [0, 0], angle: 0,
    // The outermost lines sit just inside the bbox and stay straight (see `edge`), so they
    // frame the city: blocks then fill the map right up to its bounds.
    uRange: [-CITY_HALF_WIDTH_M + EDGE_INSET_M, CITY_HALF_WIDTH_M - EDGE_INSET_M],
    vRange: [-CITY_HALF_HEIGHT_M + EDGE_INSET_M, CITY_HALF_HEIGHT_M - EDGE_INSET_M],
    uSpacing: (u) => lerp(110, 280, smoothstep(Math.abs(u - DOWNTOWN[0]) / 4200)),
    vSpacing: (v) => lerp(100, 250, smoothstep(Math.abs(v - DOWNTOWN[1]) / 3000)),
    jitter: (p) => (4 + 14 * districts.outskirt(p)) * edge(p),
    warp: (p) => {
      const k = districts.outskirt(p) * edge(p);
      return [p[0] + 40 * k * Math.sin(p[1] / 850 + (phase[0] ?? 0)), p[1] + 30 * k * Math.sin(p[0] / 1100 + (phase[1] ?? 0))];
    },
  }, random);

  const park = parkCells(main);
  const inParkColumn = (i: number) => i > park.i0 && i < park.i1;
  const inParkRow = (j: number) => j > park.j0 && j < park.j1;
  const landA = (p: Pt) => districts.onLand(p) && !districts.inRotatedDistrict(p);
  // Never drop a street on the park's edge: the park would leak into the next block.
  const nearPark = (i: number, j: number) => i >= park.i0 - 1 && i <= park.i1 + 1 && j >= park.j0 - 1 && j <= park.j1 + 1;
  const dropChance = (p: Pt) => 0.025 + 0.08 * districts.outskirt(p);

  // Avenues are numbered westwards from x = -1000; streets east of that are named after people.
  const firstEastern = main.us.findIndex((u) => u >= -1000);
  for (let i = 0; i < main.columns; i++) {
    const points = main.column(i);
    const outer = i === 0;
    const major = i % 6 === 3;
    const name = major ? namer.grand() : i < firstEastern ? `${ordinal(firstEastern - i)} Avenue` : namer.person();
    const removedColumn = points.slice(1).map((b, k) => {
      const inPark = inParkColumn(i) && k >= park.j0 && k < park.j1;
      return inPark || (!major && !outer && !nearPark(i, k) && random() < dropChance(b));
    });
    emit({
      points, name, cls: major ? 'major' : 'minor',
      // Major avenues bridge the river; minor streets stop at the riverside drives.
      keep: major ? landA : (p) => (outer ? districts.onLand(p) : landA(p)) && districts.offRiver(p),
      removed: (k) => removedColumn[k] ?? false, stubChance: 0.35,
    }, random, lines);
  }

  const removedRows: boolean[][] = [];
  for (let j = 0; j < main.rows; j++) {
    const points = main.row(j);
    // The edge rows also run through the rotated district, closing its blocks at the bbox.
    const outer = j === 0 || j === main.rows - 1;
    const major = j % 5 === 2;
    const removed = points.slice(1).map((b, k) => {
      const inPark = inParkRow(j) && k >= park.i0 && k < park.i1;
      return inPark || (!major && !outer && !nearPark(k, j) && random() < dropChance(b));
    });
    removedRows.push(removed);
    emit({
      points, name: major ? namer.grand() : namer.tree(), cls: major ? 'major' : 'minor',
      // Rows run along the river, never across it: every row stops at the corridor.
      keep: (p) => (outer ? districts.onLand(p) : landA(p)) && districts.offRiver(p),
      removed: (k) => removed[k] ?? false, stubChance: 0.35,
    }, random, lines);
  }

  // Cul-de-sacs: short spurs from the middle of an outskirt block's south side.
  for (let j = 0; j + 1 < main.rows; j++) {
    for (let i = 0; i + 1 < main.columns; i++) {
      const a = main.node(i, j);
      const b = main.node(i + 1, j);
      const mid: Pt = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      if (removedRows[j]?.[i] || districts.outskirt(mid) < 0.5 || random() > 0.16) continue;
      const up = main.node(i, j + 1);
      const tip: Pt = [mid[0] + (up[0] - a[0]) * 0.45, mid[1] + (up[1] - a[1]) * 0.45];
      const keep = (p: Pt) => landA(p) && districts.offRiver(p);
      if (!keep(mid) || !keep(tip)) continue;
      lines.push({ points: [mid, tip], name: namer.court(), cls: 'minor' });
    }
  }

  layoutRotatedDistrict(districts, namer, random, lines);

  const corner = (i: number, j: number): Pt => main.world(main.us[i] ?? 0, main.vs[j] ?? 0);
  return {
    lines,
    park: { outline: [corner(park.i0, park.j0), corner(park.i1, park.j0), corner(park.i1, park.j1), corner(park.i0, park.j1)] },
  };
}

/** The grid south-east of Harbor Boulevard, aligned with it (numbered streets cross it). */
function layoutRotatedDistrict(districts: Districts, namer: StreetNamer, random: Random, lines: StreetLine[]): void {
  const origin: Pt = [DIVISION_X, districts.diagonalY(DIVISION_X)];
  // Rows at v = -120, -240, …: never v = 0, which is the boulevard itself.
  const grid = createGrid({
    origin, angle: districts.diagonalAngle,
    uRange: [-3000, 5600], vRange: [-120 * 34, -120],
    uSpacing: () => 175, vSpacing: () => 120,
    jitter: () => 4,
  }, random);
  const inB = (p: Pt) => districts.onLand(p) && districts.inRotatedDistrict(p);
  // Numbered from the first street that actually exists, as a surveyor would.
  let numbered = 0;
  for (let i = 0; i < grid.columns; i++) {
    const major = i % 4 === 2;
    numbered += emit({
      points: grid.column(i), name: `${ordinal(numbered + 1)} Street`, cls: major ? 'major' : 'minor',
      keep: major ? inB : (p) => inB(p) && districts.offRiver(p),
      removed: () => random() < 0.03, stubChance: 0.2,
    }, random, lines) > 0 ? 1 : 0;
  }
  for (let j = grid.rows - 1; j >= 0; j--) {
    // Every fourth row is an arterial, but not the first one (v = -120): that would run
    // alongside Harbor Boulevard like a second carriageway.
    const major = j % 4 === (grid.rows - 1 + 2) % 4;
    emit({
      points: grid.row(j), name: major ? namer.grand() : namer.person(), cls: major ? 'major' : 'minor',
      keep: (p) => inB(p) && districts.offRiver(p),
      removed: () => random() < 0.03, stubChance: 0.2,
    }, random, lines);
  }
}
