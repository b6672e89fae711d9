/**
 * Surge pricing on H3 hexagons (resolution 8, ~0.7 km² per cell), recomputed every interval
 * from open ride requests (demand) and free online drivers (supply). Pure and deterministic:
 * cells are visited in sorted order, so the same input always yields the same map and diff.
 *
 * Per candidate cell (one with demand, or published above 1.0 last time):
 *   weighted count = count(cell) × 1 + Σ count(ring neighbour) × 0.5   (gridDisk k = 1)
 *   target         = targetMultiplier(weighted demand, weighted supply)  (surge-formula.ts)
 *   published      = smoothMultiplier(previous, …): hysteresis, then ≤ 0.3 per interval.
 * The ring smooths hexagon edges: a rider standing just across a cell border from a crowd of
 * requests sees nearly the same price, and one driver passing through does not zero a cell.
 * Cells at 1.0 are left out of the map, since 1.0 is the default everywhere.
 */
import { getResolution, gridDisk, isValidCell, latLngToCell } from 'h3-js';
import { DomainError } from './errors';
import { isValidLatLng, type LatLng } from './geo';
import { SURGE_MIN, smoothMultiplier, toSurgeTenths } from './surge-formula';

/** H3 resolution of surge cells (the wire format promises 8). */
export const SURGE_H3_RESOLUTION = 8;
/** Weight of the cell's own counts. */
export const SURGE_CENTRE_WEIGHT = 1;
/** Weight of each ring-1 neighbour's counts. */
export const SURGE_RING_WEIGHT = 0.5;

/** H3 cell id → value (a count, or a multiplier). */
export type CellMap = ReadonlyMap<string, number>;

/** Input to {@link computeSurge}. */
export interface SurgeInput {
  /** Open and recent ride requests, by pickup cell. */
  demand: CellMap;
  /** Free online drivers, by cell. */
  supply: CellMap;
  /** Multipliers published last interval (cells at 1.0 may be absent). */
  previous: CellMap;
}

/** One cell of the wire `surge` event. */
export interface SurgeCell {
  h3: string;
  multiplier: number;
}

/**
 * The surge cell containing a point.
 *
 * @throws {DomainError} `INVALID_INPUT` when the point is not a valid {@link LatLng}.
 */
export function cellOf(point: LatLng): string {
  if (!isValidLatLng(point)) {
    throw new DomainError('INVALID_INPUT', 'A surge cell needs valid coordinates.');
  }
  return latLngToCell(point.lat, point.lng, SURGE_H3_RESOLUTION);
}

/** Counts points per surge cell: builds `demand` from pickups and `supply` from drivers. */
export function countByCell(points: Iterable<LatLng>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const point of points) {
    const cell = cellOf(point);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

function assertCells(name: string, map: CellMap, isValidValue: (value: number) => boolean): void {
  for (const [cell, value] of map) {
    if (!isValidCell(cell) || getResolution(cell) !== SURGE_H3_RESOLUTION) {
      throw new DomainError('INVALID_INPUT', `${name} has a key that is not a resolution-8 H3 cell: ${cell}.`);
    }
    if (!isValidValue(value)) {
      throw new DomainError('INVALID_INPUT', `${name} has an invalid value for ${cell}: ${value}.`);
    }
  }
}

const isCount = (value: number): boolean => Number.isFinite(value) && value >= 0;

/** `counts` summed over a disk (centre first-class, ring at half weight). */
function weightedCount(centre: string, disk: readonly string[], counts: CellMap): number {
  let total = 0;
  for (const cell of disk) {
    const weight = cell === centre ? SURGE_CENTRE_WEIGHT : SURGE_RING_WEIGHT;
    total += weight * (counts.get(cell) ?? 0);
  }
  return total;
}

/**
 * Computes this interval's multipliers: see the module comment for the rules. The result
 * holds only cells above 1.0, in sorted cell order, each a multiple of 0.1 in (1.0, 3.0].
 *
 * @throws {DomainError} `INVALID_INPUT` when a key is not a resolution-8 H3 cell, a count is
 *   negative or non-finite, or a previous multiplier is non-finite.
 */
export function computeSurge(input: SurgeInput): Map<string, number> {
  const { demand, supply, previous } = input;
  assertCells('demand', demand, isCount);
  assertCells('supply', supply, isCount);
  assertCells('previous', previous, Number.isFinite);

  const candidates = new Set<string>();
  for (const [cell, count] of demand) if (count > 0) candidates.add(cell);
  // A published cell stays a candidate until it has decayed to 1.0, even with no demand left.
  for (const [cell, multiplier] of previous) if (toSurgeTenths(multiplier) > 10) candidates.add(cell);

  const result = new Map<string, number>();
  for (const cell of [...candidates].sort()) {
    const disk = gridDisk(cell, 1);
    const next = smoothMultiplier(
      previous.get(cell) ?? SURGE_MIN,
      weightedCount(cell, disk, demand),
      weightedCount(cell, disk, supply),
    );
    if (toSurgeTenths(next) > 10) result.set(cell, next);
  }
  return result;
}

/**
 * The cells whose multiplier changed, sorted by cell, for an incremental `surge` event.
 * Cells absent from a map count as 1.0, so a cell that dropped back to the default appears
 * with `multiplier: 1` and clients can clear it.
 */
export function diffSurge(previous: CellMap, next: CellMap): SurgeCell[] {
  const cells = [...new Set([...previous.keys(), ...next.keys()])].sort();
  const changed: SurgeCell[] = [];
  for (const h3 of cells) {
    const before = previous.get(h3) ?? SURGE_MIN;
    const after = next.get(h3) ?? SURGE_MIN;
    if (toSurgeTenths(before) !== toSurgeTenths(after)) {
      changed.push({ h3, multiplier: toSurgeTenths(after) / 10 });
    }
  }
  return changed;
}

/** Every published cell, sorted by cell, for a `full: true` surge event. */
export function toSurgeCells(cells: CellMap): SurgeCell[] {
  return [...cells.keys()].sort().map((h3) => ({ h3, multiplier: cells.get(h3) ?? SURGE_MIN }));
}

/**
 * The multiplier at a point: its cell's published value, or 1.0 when the cell is absent.
 *
 * @throws {DomainError} `INVALID_INPUT` when the point is not a valid {@link LatLng}.
 */
export function surgeAt(cells: CellMap, point: LatLng): number {
  return cells.get(cellOf(point)) ?? SURGE_MIN;
}
