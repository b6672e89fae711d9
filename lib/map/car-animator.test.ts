import { describe, expect, it } from 'vitest';
import { createCarAnimator, toCarFix, type CarFix } from './car-animator';

const A = { lat: 37.77, lng: -122.42 };
/** ~111 m north of A per 0.001°. */
const north = (deg: number): { lat: number; lng: number } => ({ lat: A.lat + deg, lng: A.lng });
const fix = (at: number, where = A, heading: number | null = 0): CarFix => ({ ...where, heading, at });

describe('createCarAnimator', () => {
  it('has no position before the first fix, and shows a lone fix as it is', () => {
    const car = createCarAnimator();
    expect(car.positionAt(0)).toBeNull();
    car.push(fix(1_000, A, 90));
    expect(car.positionAt(1_000)).toEqual({ ...A, bearing: 90 });
    expect(car.positionAt(99_000)).toEqual({ ...A, bearing: 90 });
  });

  it('renders one fix behind: at the newest fix time it is still at the previous fix', () => {
    const car = createCarAnimator();
    car.push(fix(0, A));
    car.push(fix(1_000, north(0.001)));
    expect(car.delayMs()).toBe(1_000);
    expect(car.positionAt(1_000)).toMatchObject(A);
    expect(car.positionAt(2_000)).toMatchObject(north(0.001));
  });

  it('interpolates linearly by time between the two fixes it is between', () => {
    const car = createCarAnimator();
    car.push(fix(0, A));
    car.push(fix(1_000, north(0.001)));
    car.push(fix(2_000, north(0.003)));
    const mid1 = car.positionAt(1_500)!; // render time 500: halfway between fix 0 and fix 1
    expect(mid1.lat).toBeCloseTo(A.lat + 0.0005, 9);
    expect(mid1.lng).toBeCloseTo(A.lng, 9);
    const mid2 = car.positionAt(2_250)!; // render time 1250: a quarter of the way from fix 1 to fix 2
    expect(mid2.lat).toBeCloseTo(A.lat + 0.0015, 9);
  });

  it('never extrapolates past the newest fix when fixes stop', () => {
    const car = createCarAnimator();
    car.push(fix(0, A));
    car.push(fix(1_000, north(0.001)));
    expect(car.positionAt(60_000)).toMatchObject(north(0.001));
  });

  it('rotates by the shortest arc: 350° → 10° passes through 0°, not 180°', () => {
    const car = createCarAnimator();
    car.push(fix(0, A, 350));
    car.push(fix(1_000, north(0.0005), 10));
    expect(car.positionAt(1_500)!.bearing).toBeCloseTo(0, 9);
    expect(car.positionAt(1_250)!.bearing).toBeCloseTo(355, 9);
    expect(car.positionAt(1_750)!.bearing).toBeCloseTo(5, 9);
    // And the other way round: 10° → 350° turns left through 0°.
    const back = createCarAnimator();
    back.push(fix(0, A, 10));
    back.push(fix(1_000, north(0.0005), 350));
    expect(back.positionAt(1_500)!.bearing).toBeCloseTo(0, 9);
  });

  it('ignores duplicate and older fixes, so a reconnect replay never moves the car back', () => {
    const car = createCarAnimator();
    car.push(fix(0, A));
    car.push(fix(1_000, north(0.001)));
    car.push(fix(2_000, north(0.002)));
    expect(car.push(fix(2_000, north(0.002)))).toBe('ignored');
    expect(car.push(fix(1_000, north(0.001)))).toBe('ignored');
    expect(car.push(fix(500, A))).toBe('ignored');
    expect(car.positionAt(3_000)).toMatchObject(north(0.002));
    expect(car.positionAt(2_500)!.lat).toBeCloseTo(A.lat + 0.0015, 9);
  });

  it('snaps instead of sliding when a fix jumps more than 500 m', () => {
    const car = createCarAnimator();
    car.push(fix(0, A));
    car.push(fix(1_000, north(0.001)));
    const far = north(0.01); // ~1.1 km
    expect(car.push(fix(2_000, far, 45))).toBe('snapped');
    expect(car.positionAt(2_000)).toEqual({ ...far, bearing: 45 });
    expect(car.positionAt(2_500)).toEqual({ ...far, bearing: 45 });
    // A short hop after the snap slides again.
    expect(car.push(fix(3_000, { lat: far.lat + 0.001, lng: far.lng }, 45))).toBe('added');
    expect(car.positionAt(3_500)!.lat).toBeCloseTo(far.lat + 0.0005, 9);
  });

  it('slides (does not snap) a hop just under the threshold', () => {
    const car = createCarAnimator();
    car.push(fix(0, A));
    expect(car.push(fix(1_000, north(0.004)))).toBe('added'); // ~445 m
  });

  it('learns the delay from the fix interval, within bounds', () => {
    const car = createCarAnimator({ minDelayMs: 200, maxDelayMs: 3_000 });
    car.push(fix(0, A));
    car.push(fix(2_000, north(0.001)));
    expect(car.delayMs()).toBe(2_000);
    car.push(fix(2_050, north(0.0011)));
    expect(car.delayMs()).toBe(200);
    car.push(fix(20_000, north(0.0012)));
    expect(car.delayMs()).toBe(3_000);
  });

  it('uses the local receive time, so a skewed sender clock still animates', () => {
    const car = createCarAnimator();
    const skew = 1_000_000; // the local clock runs far ahead of the server's
    car.push(fix(0, A), skew + 40);
    car.push(fix(1_000, north(0.001)), skew + 1_040);
    const mid = car.positionAt(skew + 40 + 1_500)!;
    expect(mid.lat).toBeCloseTo(A.lat + 0.0005, 9);
  });

  it('derives a missing heading from the direction of travel', () => {
    const car = createCarAnimator();
    car.push(fix(0, A, 90));
    car.push(fix(1_000, north(0.001), null));
    expect(car.positionAt(5_000)!.bearing).toBeCloseTo(0, 6);
  });

  it('ignores invalid fixes and forgets everything on reset', () => {
    const car = createCarAnimator();
    expect(car.push({ lat: Number.NaN, lng: 0, heading: 0, at: 0 })).toBe('ignored');
    expect(car.push({ lat: 0, lng: 0, heading: 0, at: Number.NaN })).toBe('ignored');
    car.push(fix(0, A));
    car.reset();
    expect(car.positionAt(0)).toBeNull();
    expect(car.push(fix(0, A))).toBe('added');
  });
});

describe('toCarFix', () => {
  it('parses the ISO timestamp of a location event', () => {
    expect(toCarFix({ lat: 1, lng: 2, heading: null, at: '2026-01-01T00:00:01.500Z' })).toEqual({ lat: 1, lng: 2, heading: null, at: Date.UTC(2026, 0, 1, 0, 0, 1, 500) });
    expect(toCarFix({ lat: 1, lng: 2, heading: 3, at: 'not a date' })).toBeNull();
  });
});
