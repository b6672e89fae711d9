/**
 * The city's skeleton: district boundaries and the named arterials that give it shape — a
 * diagonal boulevard from the south-west into downtown, a ring parkway, a bayfront drive
 * along the shore, drives along both river banks, and Division Street, where the rotated
 * south-of-the-boulevard grid meets the main one.
 */
import { CITY_HALF_HEIGHT_M, CITY_HALF_WIDTH_M } from '../bounds';
import { type Random } from '../prng';
import { type RoadClass } from '../types';
import { type Pt, clamp01, sampleRange } from './local';
import { COAST_SETBACK_M, RIVER_CORRIDOR_M, type Terrain } from './terrain';

/** A named street before intersections are computed. */
export interface StreetLine {
  points: Pt[];
  name: string;
  cls: RoadClass;
}

/** Downtown: where blocks are smallest (near the cove). */
export const DOWNTOWN: Pt = [1600, 350];
/** Division Street's easting: the western edge of the rotated district. */
export const DIVISION_X = 0;

/** The geometry every street generator needs to agree on. */
export interface Districts {
  /** y of the diagonal boulevard at easting `x`. */
  diagonalY(x: number): number;
  /** Angle of the boulevard (and of the rotated district's grid), radians. */
  readonly diagonalAngle: number;
  /** Inside the bbox and back from the shore. */
  onLand(p: Pt): boolean;
  /** Outside the river corridor, where minor streets may run. */
  offRiver(p: Pt): boolean;
  /** South-east of the boulevard and east of Division Street. */
  inRotatedDistrict(p: Pt): boolean;
  /** 0 downtown → 1 at the city edge: drives block size, jitter and dead ends. */
  outskirt(p: Pt): number;
}

/** Derives the district predicates from the terrain. */
export function createDistricts(terrain: Terrain, random: Random): Districts {
  const xStart = -CITY_HALF_WIDTH_M - 20;
  const yStart = -2800 - random() * 200;
  const slope = Math.tan((28 + random() * 6) * (Math.PI / 180));
  const bow = 90 + random() * 60;
  // Bowed west of Division Street, straight east of it, so the rotated grid runs exactly parallel.
  const diagonalY = (x: number): number =>
    yStart + (x - xStart) * slope + bow * Math.sin(Math.PI * clamp01((x - xStart) / (DIVISION_X - xStart)));
  const onLand = ([x, y]: Pt): boolean =>
    Math.abs(x) <= CITY_HALF_WIDTH_M && Math.abs(y) <= CITY_HALF_HEIGHT_M && x < terrain.coastX(y) - COAST_SETBACK_M;
  return {
    diagonalY,
    diagonalAngle: Math.atan(slope),
    onLand,
    offRiver: (p) => terrain.riverDistance(p) > RIVER_CORRIDOR_M,
    inRotatedDistrict: ([x, y]) => x > DIVISION_X && y < diagonalY(x),
    outskirt: ([x, y]) => clamp01(Math.hypot(x - DOWNTOWN[0], y - DOWNTOWN[1]) / 4800),
  };
}

/** The hand-placed arterials, unclipped except where they define a boundary themselves. */
export function createArterials(terrain: Terrain, districts: Districts, random: Random): StreetLine[] {
  const lines: StreetLine[] = [];
  const south = -CITY_HALF_HEIGHT_M - 5;
  const north = CITY_HALF_HEIGHT_M + 5;

  // The bayfront drive lies exactly on the setback line that clips every other street, so
  // streets cut at the shore end on it (see clip overshoot) instead of a metre short.
  lines.push({
    name: 'Bayfront Drive', cls: 'major',
    points: sampleRange(south, north, 25).map((y) => [terrain.coastX(y) - COAST_SETBACK_M, y]),
  });

  // Riverside drives: same trick on the corridor edge. `riverDistance` divides the vertical
  // offset by sqrt(1 + slope²), so multiplying by it puts the drive exactly at the corridor edge.
  for (const [side, name] of [[1, 'Riverside Drive'], [-1, 'River Road']] as const) {
    const points = sampleRange(-CITY_HALF_WIDTH_M - 5, CITY_HALF_WIDTH_M, 30).map((x): Pt => {
      const slope = (terrain.riverY(x + 5) - terrain.riverY(x - 5)) / 10;
      return [x, terrain.riverY(x) + side * RIVER_CORRIDOR_M * Math.sqrt(1 + slope * slope)];
    });
    lines.push({ name, cls: 'major', points });
  }

  lines.push({
    name: 'Harbor Boulevard', cls: 'major',
    points: sampleRange(-CITY_HALF_WIDTH_M - 5, CITY_HALF_WIDTH_M, 40).map((x) => [x, districts.diagonalY(x)]),
  });

  // Division Street starts a few metres north of the boulevard so the two surely cross.
  lines.push({
    name: 'Division Street', cls: 'major',
    points: sampleRange(districts.diagonalY(DIVISION_X) + 3, south, 40).map((y) => [DIVISION_X, y]),
  });

  // The ring starts at angle 0 (east), which lies in the bay, so clipping splits it at the
  // shore rather than leaving a seam somewhere on land.
  const phases = [random() * Math.PI * 2, random() * Math.PI * 2];
  const ring: Pt[] = sampleRange(0, Math.PI * 2, Math.PI / 200).map((theta) => {
    const wobble = 1 + 0.03 * Math.sin(3 * theta + (phases[0] ?? 0)) + 0.015 * Math.sin(5 * theta + (phases[1] ?? 0));
    return [-500 + 3050 * wobble * Math.cos(theta), -150 + 2550 * wobble * Math.sin(theta)];
  });
  lines.push({ name: 'Crown Parkway', cls: 'major', points: ring });
  return lines;
}
