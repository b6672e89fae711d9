import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { haversineMeters } from './geo';
import { estimateTrip, quoteFare } from './fare';

const cents = (amount: number): number => Math.round(amount * 100);
const isWholeCents = (amount: number): boolean => Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;

const distance = fc.integer({ min: 0, max: 200_000 });
const duration = fc.integer({ min: 0, max: 4 * 3600 });
const surge = fc.integer({ min: 10, max: 30 }).map((tenths) => tenths / 10);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  }
}

describe('quoteFare', () => {
  it('charges base + per km + per minute', () => {
    // 2.50 + 10 km × 1.25 + 20 min × 0.30 = 2.50 + 12.50 + 6.00
    expect(quoteFare({ distanceMeters: 10_000, durationSeconds: 1200, surge: 1 })).toEqual({ amount: 21, currency: 'USD' });
    // 2.50 + 3.7 km × 1.25 (4.625) + 9.5 min × 0.30 (2.85) = 9.975 → 9.98 (half up)
    expect(quoteFare({ distanceMeters: 3700, durationSeconds: 570, surge: 1 }).amount).toBe(9.98);
  });

  it('applies the 6.00 minimum before surge', () => {
    expect(quoteFare({ distanceMeters: 0, durationSeconds: 0, surge: 1 }).amount).toBe(6);
    expect(quoteFare({ distanceMeters: 500, durationSeconds: 60, surge: 1 }).amount).toBe(6);
    expect(quoteFare({ distanceMeters: 0, durationSeconds: 0, surge: 1.5 }).amount).toBe(9);
  });

  it('multiplies by surge without float drift', () => {
    // 21.00 × 1.1 = 23.1 exactly (a float product would give 23.100000000000001).
    expect(quoteFare({ distanceMeters: 10_000, durationSeconds: 1200, surge: 1.1 }).amount).toBe(23.1);
    // 9.98 × 1.3 = 12.974 → 12.97
    expect(quoteFare({ distanceMeters: 3700, durationSeconds: 570, surge: 1.3 }).amount).toBe(12.97);
    expect(quoteFare({ distanceMeters: 10_000, durationSeconds: 1200, surge: 3 }).amount).toBe(63);
  });

  it('rejects negative, non-finite and sub-1 inputs with INVALID_INPUT', () => {
    const ok = { distanceMeters: 1000, durationSeconds: 60, surge: 1 };
    for (const bad of [
      { ...ok, distanceMeters: -1 },
      { ...ok, distanceMeters: Number.NaN },
      { ...ok, durationSeconds: Number.POSITIVE_INFINITY },
      { ...ok, durationSeconds: -0.5 },
      { ...ok, surge: 0.9 },
      { ...ok, surge: 0 },
      { ...ok, surge: Number.NaN },
    ]) {
      expect(codeOf(() => quoteFare(bad))).toBe('INVALID_INPUT');
    }
  });

  it('is never below the minimum and always whole cents', () => {
    fc.assert(
      fc.property(distance, duration, surge, (d, t, s) => {
        const { amount, currency } = quoteFare({ distanceMeters: d, durationSeconds: t, surge: s });
        expect(currency).toBe('USD');
        expect(amount).toBeGreaterThanOrEqual(6);
        expect(isWholeCents(amount)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is whole cents even for fractional metres, seconds and surge', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        (d, t, s) => {
          expect(isWholeCents(quoteFare({ distanceMeters: d, durationSeconds: t, surge: s }).amount)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never gets cheaper with more distance, more time or more surge', () => {
    fc.assert(
      fc.property(distance, distance, duration, duration, surge, surge, (d1, d2, t1, t2, s1, s2) => {
        const [dLo, dHi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const [tLo, tHi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const [sLo, sHi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const q = (d: number, t: number, s: number) => cents(quoteFare({ distanceMeters: d, durationSeconds: t, surge: s }).amount);
        expect(q(dHi, tLo, sLo)).toBeGreaterThanOrEqual(q(dLo, tLo, sLo));
        expect(q(dLo, tHi, sLo)).toBeGreaterThanOrEqual(q(dLo, tLo, sLo));
        expect(q(dLo, tLo, sHi)).toBeGreaterThanOrEqual(q(dLo, tLo, sLo));
      }),
      { numRuns: 200 },
    );
  });
});

describe('estimateTrip', () => {
  it('uses straight-line distance × 1.3 at 30 km/h', () => {
    const pickup = { lat: 40.7580, lng: -73.9855 };
    const dropoff = { lat: 40.7128, lng: -74.0060 };
    const straight = haversineMeters(pickup, dropoff);
    const estimate = estimateTrip(pickup, dropoff);
    expect(estimate.distanceMeters).toBe(Math.round(straight * 1.3));
    // 30 km/h = 500 m/min, i.e. 0.12 s per metre.
    expect(estimate.durationSeconds).toBe(Math.round(estimate.distanceMeters * 0.12));
    expect(Number.isInteger(estimate.durationSeconds)).toBe(true);
  });

  it('is zero for the same point', () => {
    const p = { lat: 51.5, lng: -0.12 };
    expect(estimateTrip(p, p)).toEqual({ distanceMeters: 0, durationSeconds: 0 });
  });

  it('rejects invalid coordinates with INVALID_INPUT', () => {
    expect(codeOf(() => estimateTrip({ lat: 91, lng: 0 }, { lat: 0, lng: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => estimateTrip({ lat: 0, lng: 0 }, { lat: 0, lng: Number.NaN }))).toBe('INVALID_INPUT');
  });
});
