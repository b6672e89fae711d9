import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { smoothMultiplier, targetMultiplier, toSurgeTenths } from './surge-formula';

/** Integer tenths of a multiplier, asserting it really is a whole number of tenths. */
function tenths(multiplier: number): number {
  const t = Math.round(multiplier * 10);
  expect(Math.abs(multiplier * 10 - t)).toBeLessThan(1e-9);
  return t;
}

const count = fc.oneof(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1e4, noNaN: true }));
const publishedMultiplier = fc.integer({ min: 10, max: 30 }).map((t) => t / 10);

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  }
}

describe('targetMultiplier: clamp(1 + (ratio − 1) × 0.5, 1, 3), ratio = demand / max(supply, 1)', () => {
  it.each([
    [0, 0, 1],
    [1, 0, 1], // one request, no driver: ratio 1 (the denominator is at least 1)
    [0.5, 0, 1],
    [5, 5, 1],
    [3, 10, 1],
    [2, 0, 1.5],
    [2, 1, 1.5],
    [3, 1, 2],
    [4, 2, 1.5],
    [5, 1, 3],
    [50, 1, 3], // clamped
    [14, 10, 1.2],
    [4, 3, 1.2], // 1.1667 → 1.2
    [1.2, 1, 1.1],
  ])('demand %d, supply %d → %d', (demand, supply, expected) => {
    expect(targetMultiplier(demand, supply)).toBe(expected);
  });

  it('quantises to the nearest 0.1, halves up', () => {
    expect(targetMultiplier(11, 10)).toBe(1.1); // 1.05
    expect(targetMultiplier(1.5, 1)).toBe(1.3); // 1.25
    expect(targetMultiplier(1.14, 1)).toBe(1.1); // 1.07
    expect(targetMultiplier(1.09, 1)).toBe(1); // 1.045
  });

  it('rejects negative and non-finite counts with INVALID_INPUT', () => {
    expect(codeOf(() => targetMultiplier(-1, 0))).toBe('INVALID_INPUT');
    expect(codeOf(() => targetMultiplier(1, Number.NaN))).toBe('INVALID_INPUT');
    expect(codeOf(() => targetMultiplier(Number.POSITIVE_INFINITY, 1))).toBe('INVALID_INPUT');
  });

  it('is always a whole number of tenths in [1.0, 3.0]', () => {
    fc.assert(
      fc.property(count, count, (d, s) => {
        const t = tenths(targetMultiplier(d, s));
        expect(t).toBeGreaterThanOrEqual(10);
        expect(t).toBeLessThanOrEqual(30);
      }),
      { numRuns: 200 },
    );
  });

  it('never drops when demand grows and never rises when supply grows', () => {
    fc.assert(
      fc.property(count, count, count, (d, s, extra) => {
        expect(tenths(targetMultiplier(d + extra, s))).toBeGreaterThanOrEqual(tenths(targetMultiplier(d, s)));
        expect(tenths(targetMultiplier(d, s + extra))).toBeLessThanOrEqual(tenths(targetMultiplier(d, s)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('smoothMultiplier', () => {
  it('moves at most 0.3 per interval towards the target, both ways', () => {
    expect(smoothMultiplier(1, 50, 1)).toBe(1.3);
    expect(smoothMultiplier(1.3, 50, 1)).toBe(1.6);
    expect(smoothMultiplier(2.8, 50, 1)).toBe(3);
    expect(smoothMultiplier(3, 0, 0)).toBe(2.7);
    expect(smoothMultiplier(1.2, 0, 0)).toBe(1); // 0.2 away: lands on the target
  });

  it('holds the previous value while the unquantised target is less than 0.1 away', () => {
    // Target 1.05 (would round to 1.1): a cell at 1.0 stays at 1.0 and one at 1.1 stays at 1.1.
    expect(smoothMultiplier(1, 11, 10)).toBe(1);
    expect(smoothMultiplier(1.1, 11, 10)).toBe(1.1);
    // Target 1.24 against 1.3: held, although it would round to 1.2.
    expect(smoothMultiplier(1.3, 148, 100)).toBe(1.3);
    // From 1.2 the same 1.05 target is 0.15 away: it moves to the quantised 1.1.
    expect(smoothMultiplier(1.2, 11, 10)).toBe(1.1);
  });

  it('moves once the target is a full 0.1 away, so a cell never sticks at 1.1 without demand', () => {
    expect(smoothMultiplier(1.1, 0, 0)).toBe(1);
    expect(smoothMultiplier(1.3, 14, 10)).toBe(1.2); // target exactly 1.2
    expect(smoothMultiplier(1, 1.18, 1)).toBe(1); // target 1.09: held
    expect(smoothMultiplier(1, 12, 10)).toBe(1.1); // target exactly 1.1
  });

  it('normalises an off-grid or out-of-range previous value', () => {
    expect(toSurgeTenths(1.26)).toBe(13);
    expect(toSurgeTenths(0.4)).toBe(10);
    expect(toSurgeTenths(7)).toBe(30);
    expect(smoothMultiplier(0.5, 0, 0)).toBe(1);
    expect(smoothMultiplier(9, 50, 1)).toBe(3);
    expect(codeOf(() => smoothMultiplier(Number.NaN, 1, 1))).toBe('INVALID_INPUT');
  });

  it('stays on the 0.1 grid within [1, 3] and moves at most 0.3', () => {
    fc.assert(
      fc.property(publishedMultiplier, count, count, (prev, d, s) => {
        const next = smoothMultiplier(prev, d, s);
        const t = tenths(next);
        expect(t).toBeGreaterThanOrEqual(10);
        expect(t).toBeLessThanOrEqual(30);
        expect(Math.abs(next - prev)).toBeLessThanOrEqual(0.3 + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('converges monotonically to a fixed point with constant counts', () => {
    fc.assert(
      fc.property(publishedMultiplier, count, count, (start, d, s) => {
        const path = [tenths(start)];
        for (let i = 0; i < 10; i += 1) path.push(tenths(smoothMultiplier(path[path.length - 1]! / 10, d, s)));
        const steps = path.slice(1).map((t, i) => Math.sign(t - path[i]!)).filter((sign) => sign !== 0);
        expect(new Set(steps).size).toBeLessThanOrEqual(1); // never turns back
        // 20 tenths at ≥ 1 tenth per moving step (3 at most): settled after 7 intervals.
        expect(path.slice(7).every((t) => t === path[7])).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
