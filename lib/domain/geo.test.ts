import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EARTH_RADIUS_METERS,
  bearingDegrees,
  haversineMeters,
  interpolate,
  isValidLatLng,
  normalizeDegrees,
  shortestArcDelta,
  type LatLng,
} from './geo';

const latLng = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lng: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('isValidLatLng', () => {
  it('accepts points on and inside the bounds', () => {
    expect(isValidLatLng({ lat: 0, lng: 0 })).toBe(true);
    expect(isValidLatLng({ lat: 90, lng: 180 })).toBe(true);
    expect(isValidLatLng({ lat: -90, lng: -180 })).toBe(true);
    expect(isValidLatLng({ lat: 40.7, lng: -74, extra: 'ignored' })).toBe(true);
  });

  it('rejects out-of-range, non-finite, wrongly typed and non-object values', () => {
    for (const bad of [
      { lat: 90.0001, lng: 0 },
      { lat: 0, lng: -180.0001 },
      { lat: Number.NaN, lng: 0 },
      { lat: 0, lng: Number.POSITIVE_INFINITY },
      { lat: '1', lng: 2 },
      { lat: 1 },
      null,
      undefined,
      42,
      'lat,lng',
      [1, 2],
    ]) {
      expect(isValidLatLng(bad)).toBe(false);
    }
  });
});

describe('haversineMeters', () => {
  it('is zero for the same point and one meridian degree is R·π/180', () => {
    expect(haversineMeters({ lat: 10, lng: 20 }, { lat: 10, lng: 20 })).toBe(0);
    const oneDegree = (EARTH_RADIUS_METERS * Math.PI) / 180;
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(oneDegree, 6);
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(oneDegree, 6);
  });

  // The spherical figure; the WGS84 ellipsoid gives ~3,983 km, within the model's ~0.5%.
  it('matches a known city pair (JFK → LAX ≈ 3,974 km on the sphere)', () => {
    const jfk = { lat: 40.6413, lng: -73.7781 };
    const lax = { lat: 33.9416, lng: -118.4085 };
    expect(haversineMeters(jfk, lax) / 1000).toBeCloseTo(3974, -1);
  });

  it('gives half the circumference for antipodes instead of NaN', () => {
    expect(haversineMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_METERS, 3);
    expect(haversineMeters({ lat: 90, lng: 0 }, { lat: -90, lng: 0 })).toBeCloseTo(Math.PI * EARTH_RADIUS_METERS, 3);
  });

  it('is symmetric, non-negative, bounded and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(latLng, latLng, latLng, (a, b, c) => {
        const ab = haversineMeters(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.PI * EARTH_RADIUS_METERS + 1e-6);
        expect(Math.abs(ab - haversineMeters(b, a))).toBeLessThan(1e-6);
        // Haversine loses ~1 cm of precision near antipodes (asin of ~1); 1 m of slack covers it.
        expect(ab).toBeLessThanOrEqual(haversineMeters(a, c) + haversineMeters(c, b) + 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('bearingDegrees', () => {
  const origin: LatLng = { lat: 0, lng: 0 };
  it('points to the compass directions with 0 = north', () => {
    expect(bearingDegrees(origin, { lat: 1, lng: 0 })).toBeCloseTo(0, 9);
    expect(bearingDegrees(origin, { lat: 0, lng: 1 })).toBeCloseTo(90, 9);
    expect(bearingDegrees(origin, { lat: -1, lng: 0 })).toBeCloseTo(180, 9);
    expect(bearingDegrees(origin, { lat: 0, lng: -1 })).toBeCloseTo(270, 9);
  });

  it('takes the short way over the antimeridian', () => {
    expect(bearingDegrees({ lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 })).toBeCloseTo(90, 9);
  });

  it('is 0 for coincident points and always within [0, 360)', () => {
    expect(bearingDegrees({ lat: 5, lng: 5 }, { lat: 5, lng: 5 })).toBe(0);
    fc.assert(
      fc.property(latLng, latLng, (a, b) => {
        const deg = bearingDegrees(a, b);
        expect(deg).toBeGreaterThanOrEqual(0);
        expect(deg).toBeLessThan(360);
        expect(Object.is(deg, -0)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('interpolate', () => {
  const a: LatLng = { lat: 10, lng: 20 };
  const b: LatLng = { lat: 12, lng: 24 };

  it('returns the endpoints at t = 0 and 1 and the midpoint at 0.5', () => {
    expect(interpolate(a, b, 0)).toEqual(a);
    expect(interpolate(a, b, 1)).toEqual(b);
    expect(interpolate(a, b, 0.5)).toEqual({ lat: 11, lng: 22 });
  });

  it('clamps t so a late frame never overshoots', () => {
    expect(interpolate(a, b, 1.7)).toEqual(b);
    expect(interpolate(a, b, -3)).toEqual(a);
  });

  it('crosses the antimeridian the short way and stays in range', () => {
    const mid = interpolate({ lat: 0, lng: 179 }, { lat: 0, lng: -179 }, 0.75);
    expect(mid.lng).toBeCloseTo(-179.5, 9);
    expect(interpolate({ lat: 0, lng: 179 }, { lat: 0, lng: -179 }, 0.25).lng).toBeCloseTo(179.5, 9);
  });

  it('always yields a valid point for valid endpoints', () => {
    fc.assert(
      fc.property(latLng, latLng, fc.double({ min: -1, max: 2, noNaN: true }), (p, q, t) => {
        expect(isValidLatLng(interpolate(p, q, t))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalizeDegrees', () => {
  it('maps any angle into [0, 360) without negative zero', () => {
    expect(normalizeDegrees(360)).toBe(0);
    expect(normalizeDegrees(-90)).toBe(270);
    expect(normalizeDegrees(725)).toBe(5);
    expect(Object.is(normalizeDegrees(-0), 0)).toBe(true);
    expect(Object.is(normalizeDegrees(-360), 0)).toBe(true);
    // -1e-300 + 360 rounds to 360 in floating point; it must wrap to 0.
    expect(normalizeDegrees(-1e-300)).toBe(0);
  });
});

describe('shortestArcDelta', () => {
  it('rotates the short way', () => {
    expect(shortestArcDelta(350, 10)).toBe(20);
    expect(shortestArcDelta(10, 350)).toBe(-20);
    expect(shortestArcDelta(90, 90)).toBe(0);
    expect(shortestArcDelta(0, 270)).toBe(-90);
    expect(shortestArcDelta(-720, 45)).toBe(45);
  });

  it('returns -180 (not +180) for an exact half turn', () => {
    expect(shortestArcDelta(0, 180)).toBe(-180);
    expect(shortestArcDelta(180, 0)).toBe(-180);
  });

  it('stays within [-180, 180) and lands on the target heading', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        (from, to) => {
          const d = shortestArcDelta(from, to);
          expect(d).toBeGreaterThanOrEqual(-180);
          expect(d).toBeLessThan(180);
          const miss = Math.abs(shortestArcDelta(from + d, to));
          expect(Math.min(miss, 360 - miss)).toBeLessThan(1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('propagates NaN for non-finite headings', () => {
    expect(shortestArcDelta(Number.NaN, 10)).toBeNaN();
    expect(shortestArcDelta(0, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});
