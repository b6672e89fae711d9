/**
 * The per-cell surge rules, free of H3: what multiplier a demand/supply pair calls for, and
 * how far a published multiplier may move towards it in one interval. `surge.ts` feeds these
 * with ring-weighted counts.
 *
 * Multipliers are handled as integer tenths internally (1.3 → 13) so quantisation,
 * hysteresis and step limits are exact comparisons, never float equality.
 */
import { DomainError } from './errors';

/** Lowest multiplier, and the default wherever no cell is published. */
export const SURGE_MIN = 1;
/** Highest multiplier. */
export const SURGE_MAX = 3;
/** Multipliers are multiples of this step. */
export const SURGE_STEP = 0.1;
/** How strongly excess demand raises the multiplier: 1 + (ratio − 1) × this. */
export const SURGE_SENSITIVITY = 0.5;
/** Largest change of a published multiplier in one interval. */
export const SURGE_MAX_CHANGE = 0.3;
/** A published multiplier holds while the unquantised target stays closer than this. */
export const SURGE_HYSTERESIS = 0.1;

const MIN_TENTHS = 10;
const MAX_TENTHS = 30;
const MAX_CHANGE_TENTHS = 3;
const HYSTERESIS_TENTHS = 1;

function assertCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DomainError('INVALID_INPUT', `${name} must be a finite number ≥ 0, got ${value}.`);
  }
}

/**
 * The unquantised target in tenths, clamped to [10, 30]:
 * `10 × clamp(1 + (demand / max(supply, 1) − 1) × 0.5, 1, 3)`, and 10 when the ratio ≤ 1.
 */
function rawTargetTenths(demand: number, supply: number): number {
  assertCount('demand', demand);
  assertCount('supply', supply);
  // At least one driver in the denominator: an empty cell with one request is ratio 1, not ∞.
  const s = Math.max(supply, 1);
  if (demand <= s) return MIN_TENTHS;
  // 10 + 10 × 0.5 × (d/s − 1) rewritten with a single division, so whole (or half) counts
  // give exact values and x.5 ties round the same way on every machine.
  return Math.min(MAX_TENTHS, MIN_TENTHS + (10 * SURGE_SENSITIVITY * (demand - s)) / s);
}

/** Integer tenths of a multiplier, rounded and clamped into [1.0, 3.0]. */
export function toSurgeTenths(multiplier: number): number {
  if (!Number.isFinite(multiplier)) {
    throw new DomainError('INVALID_INPUT', `A surge multiplier must be finite, got ${multiplier}.`);
  }
  return Math.min(MAX_TENTHS, Math.max(MIN_TENTHS, Math.round(multiplier * 10)));
}

/**
 * The multiplier a (weighted) demand and supply call for, before smoothing:
 * ratio = demand / max(supply, 1); for ratio > 1 it is
 * clamp(1 + (ratio − 1) × 0.5, 1.0, 3.0), otherwise 1.0; then rounded to the nearest 0.1
 * (halves round up). Ratio 2 → 1.5, ratio 3 → 2.0, ratio ≥ 5 → 3.0.
 *
 * @throws {DomainError} `INVALID_INPUT` for a negative or non-finite count.
 */
export function targetMultiplier(demand: number, supply: number): number {
  return Math.round(rawTargetTenths(demand, supply)) / 10;
}

/**
 * The multiplier to publish for a cell this interval, given what was published last time:
 * 1. Hysteresis: if the unquantised target is less than 0.1 away from `previous`, keep
 *    `previous`. Comparing the unquantised value means a target hovering around a rounding
 *    boundary (1.05 ± ε) cannot flap between 1.0 and 1.1, while a target of exactly 1.0
 *    still brings 1.1 back down to 1.0.
 * 2. Otherwise move towards the quantised target by at most 0.3.
 * Repeating this with the same counts moves monotonically and then stays put; it never
 * oscillates.
 *
 * @param previous Last published multiplier (1.0 when none); rounded and clamped to [1, 3].
 * @throws {DomainError} `INVALID_INPUT` for a negative or non-finite count or previous.
 */
export function smoothMultiplier(previous: number, demand: number, supply: number): number {
  const prev = toSurgeTenths(previous);
  const raw = rawTargetTenths(demand, supply);
  if (Math.abs(raw - prev) < HYSTERESIS_TENTHS) return prev / 10;
  const step = Math.round(raw) - prev;
  const bounded = Math.min(MAX_CHANGE_TENTHS, Math.max(-MAX_CHANGE_TENTHS, step));
  return (prev + bounded) / 10;
}
