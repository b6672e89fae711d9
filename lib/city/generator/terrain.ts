/**
 * Land and water: an eastern shoreline with a cove (the bay) and a river that meanders in
 * from the west and widens into the bay. Everything is a smooth function of the seed, so
 * the streets can ask "is this water?" anywhere without polygon tests.
 */
import { CITY_HALF_HEIGHT_M, CITY_HALF_WIDTH_M } from '../bounds';
import { type Random } from '../prng';
import { type Pt, offsetPolyline, sampleRange, smoothstep } from './local';

/** Streets keep this far back from the shore; the coastal drive runs on the line. */
export const COAST_SETBACK_M = 80;
/** Minor streets keep this far from the river's centre line; the riverside drives run on it. */
export const RIVER_CORRIDOR_M = 150;
/** How far past the city bbox the water polygons reach, so map edges show no seam. */
const WATER_MARGIN_M = 1500;

/** The land/water model of one generated city. */
export interface Terrain {
  /** x of the shoreline at northing `y`: land lies west of it. */
  coastX(y: number): number;
  /** y of the river's centre line at easting `x`. */
  riverY(x: number): number;
  /** Perpendicular distance from the river's centre line (approximate, fine for gentle bends). */
  riverDistance(p: Pt): number;
  /** Half the river's width at easting `x`. */
  riverHalfWidth(x: number): number;
  /** Bay or river. */
  isWater(p: Pt): boolean;
  /** Centre line from beyond the west edge to just inside the bay. */
  readonly riverLine: Pt[];
  readonly bayPolygon: Pt[];
  readonly riverPolygon: Pt[];
}

/** A smooth 1-D noise: a few sines with seeded phases (cheap, and continuous everywhere). */
function wave(random: Random, parts: [amplitude: number, wavelength: number][]): (t: number) => number {
  const phased = parts.map(([amplitude, wavelength]) => [amplitude, wavelength, random() * Math.PI * 2] as const);
  return (t) => phased.reduce((sum, [a, w, phase]) => sum + a * Math.sin(t / w + phase), 0);
}

/** Builds the terrain for one seed. */
export function createTerrain(random: Random): Terrain {
  const coastWobble = wave(random, [[110, 640], [55, 237], [18, 61]]);
  const coveCenter = 500 + random() * 500;
  const coastX = (y: number): number =>
    2550 + coastWobble(y)
    // The cove: a bite of bay ~650 m deep, what makes the shore read as a harbour.
    - 650 * Math.exp(-(((y - coveCenter) / 420) ** 2))
    // A headland in the south so the shore is not one long concave curve.
    + 260 * Math.exp(-(((y + 2300) / 320) ** 2));

  const meander = wave(random, [[300, 1400], [90, 520], [20, 143]]);
  const riverY = (x: number): number => -850 + meander(x);
  // Where the centre line meets the shore (a few fixed-point steps converge: the shore is steep in y).
  let mouthX = 2500;
  for (let i = 0; i < 8; i++) mouthX = coastX(riverY(mouthX));
  const riverHalfWidth = (x: number): number => 45 + 35 * smoothstep((x - (mouthX - 1200)) / 1200);
  const riverDistance = ([x, y]: Pt): number => {
    const slope = (riverY(x + 5) - riverY(x - 5)) / 10;
    return Math.abs(y - riverY(x)) / Math.sqrt(1 + slope * slope);
  };
  const riverEndX = mouthX + 400;
  const isWater = (p: Pt): boolean =>
    p[0] >= coastX(p[1]) || (p[0] <= riverEndX && riverDistance(p) <= riverHalfWidth(p[0]));

  const riverLine: Pt[] = sampleRange(-CITY_HALF_WIDTH_M - WATER_MARGIN_M, riverEndX, 40).map((x) => [x, riverY(x)]);
  const left = offsetPolyline(riverLine, (p) => riverHalfWidth(p[0]));
  const right = offsetPolyline(riverLine, (p) => -riverHalfWidth(p[0]));
  const riverPolygon = [...right, ...left.reverse()];

  const south = -CITY_HALF_HEIGHT_M - WATER_MARGIN_M;
  const north = CITY_HALF_HEIGHT_M + WATER_MARGIN_M;
  const east = CITY_HALF_WIDTH_M + WATER_MARGIN_M;
  const shore: Pt[] = sampleRange(south, north, 25).map((y) => [coastX(y), y]);
  // Counter-clockwise: up the shore, then back round the far (east) side.
  const bayPolygon: Pt[] = [...shore, [east, north] as Pt, [east, south] as Pt].reverse();

  return { coastX, riverY, riverDistance, riverHalfWidth, isWater, riverLine, bayPolygon, riverPolygon };
}
