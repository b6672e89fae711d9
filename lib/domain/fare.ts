/**
 * Fare quotes. All arithmetic is in integer cents (and surge in integer hundredths) with one
 * rounding per step, so 0.1 + 0.2-style float drift can never show up in a price.
 */
import { DomainError } from './errors';
import { haversineMeters, isValidLatLng, type LatLng } from './geo';

/** A price. Only USD exists for now; the field keeps the wire shape ready for more. */
export interface Money {
  amount: number;
  currency: 'USD';
}

/** Input to {@link quoteFare}. */
export interface FareInput {
  /** Trip distance in metres (≥ 0). */
  distanceMeters: number;
  /** Trip duration in seconds (≥ 0). */
  durationSeconds: number;
  /** Surge multiplier (≥ 1); applied with two-decimal precision. */
  surge: number;
}

/** Tariff, in cents. */
export const FARE_BASE_CENTS = 250;
/** Per kilometre, in cents. */
export const FARE_PER_KM_CENTS = 125;
/** Per minute, in cents. */
export const FARE_PER_MINUTE_CENTS = 30;
/** Floor of the pre-surge fare, in cents. */
export const FARE_MINIMUM_CENTS = 600;

/** Detour factor from straight-line to road distance in {@link estimateTrip}. */
export const DETOUR_FACTOR = 1.3;
/** Average city speed assumed by {@link estimateTrip}, in km/h. */
export const AVERAGE_SPEED_KMH = 30;

function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new DomainError('INVALID_INPUT', `${name} must be a finite number ≥ 0, got ${value}.`);
  }
}

/**
 * Prices a trip: `(2.50 + 1.25/km + 0.30/min)`, raised to the 6.00 minimum, then times
 * surge, rounded to the cent (half up). The minimum applies before surge, so a surged short
 * trip costs `6.00 × surge`.
 *
 * @throws {DomainError} `INVALID_INPUT` for a negative or non-finite distance or duration,
 *   or a surge that is not a finite number ≥ 1.
 */
export function quoteFare(input: FareInput): Money {
  const { distanceMeters, durationSeconds, surge } = input;
  assertNonNegative('distanceMeters', distanceMeters);
  assertNonNegative('durationSeconds', durationSeconds);
  if (!Number.isFinite(surge) || surge < 1) {
    throw new DomainError('INVALID_INPUT', `surge must be a finite number ≥ 1, got ${surge}.`);
  }
  // Metres × cents/km ÷ 1000 and seconds × cents/min ÷ 60: one rounding for the whole sum.
  const meteredCents = Math.round(
    FARE_BASE_CENTS +
      (distanceMeters * FARE_PER_KM_CENTS) / 1000 +
      (durationSeconds * FARE_PER_MINUTE_CENTS) / 60,
  );
  const baseCents = Math.max(FARE_MINIMUM_CENTS, meteredCents);
  const surgeHundredths = Math.round(surge * 100);
  // Both factors are integers, so the product is exact; divide once and round half up.
  const totalCents = Math.round((baseCents * surgeHundredths) / 100);
  return { amount: totalCents / 100, currency: 'USD' };
}

/** Distance and duration of a trip, as used for a quote. */
export interface TripEstimate {
  /** Whole metres. */
  distanceMeters: number;
  /** Whole seconds. */
  durationSeconds: number;
}

/**
 * Estimates a trip without a road router: straight-line distance × {@link DETOUR_FACTOR}
 * (1.3, a common urban detour ratio) driven at {@link AVERAGE_SPEED_KMH} (30 km/h). A
 * stand-in until road routing exists; replace this function, not its callers, then.
 *
 * @throws {DomainError} `INVALID_INPUT` when either point is not a valid {@link LatLng}.
 */
export function estimateTrip(pickup: LatLng, dropoff: LatLng): TripEstimate {
  if (!isValidLatLng(pickup) || !isValidLatLng(dropoff)) {
    throw new DomainError('INVALID_INPUT', 'pickup and dropoff must be valid coordinates.');
  }
  const distanceMeters = Math.round(haversineMeters(pickup, dropoff) * DETOUR_FACTOR);
  const metresPerSecond = (AVERAGE_SPEED_KMH * 1000) / 3600;
  return { distanceMeters, durationSeconds: Math.round(distanceMeters / metresPerSecond) };
}
