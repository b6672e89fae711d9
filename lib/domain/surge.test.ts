import fc from 'fast-check';
import { getPentagons, getResolution, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  SURGE_H3_RESOLUTION,
  cellOf,
  computeSurge,
  countByCell,
  diffSurge,
  surgeAt,
  toSurgeCells,
  type CellMap,
} from './surge';

const SF = { lat: 37.7749, lng: -122.4194 };
const centre = cellOf(SF);
const ring = gridDisk(centre, 1).filter((c) => c !== centre);
const neighbour = ring[0]!;
const otherNeighbour = ring[3]!;
// Two steps away: outside the centre's weighting disk.
const far = gridDisk(centre, 2).find((c) => !gridDisk(centre, 1).includes(c))!;
const empty: CellMap = new Map();

const surge = (demand: CellMap, supply: CellMap = empty, previous: CellMap = empty) =>
  computeSurge({ demand, supply, previous });

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  }
}

/** Integer tenths, asserting the multiplier is a whole number of tenths. */
function tenths(multiplier: number): number {
  const t = Math.round(multiplier * 10);
  expect(Math.abs(multiplier * 10 - t)).toBeLessThan(1e-9);
  return t;
}

describe('cellOf and countByCell', () => {
  it('maps a point to its resolution-8 cell', () => {
    expect(SURGE_H3_RESOLUTION).toBe(8);
    expect(centre).toBe(latLngToCell(SF.lat, SF.lng, 8));
    expect(getResolution(centre)).toBe(8);
    expect(cellOf({ lat: SF.lat + 0.00001, lng: SF.lng })).toBe(centre);
  });

  it('rejects invalid points with INVALID_INPUT', () => {
    expect(codeOf(() => cellOf({ lat: 100, lng: 0 }))).toBe('INVALID_INPUT');
    expect(codeOf(() => surgeAt(empty, { lat: 0, lng: Number.NaN }))).toBe('INVALID_INPUT');
  });

  it('counts points per cell', () => {
    const far1 = { lat: 40.7128, lng: -74.006 };
    const counts = countByCell([SF, far1, SF, { lat: SF.lat + 0.00001, lng: SF.lng }]);
    expect(counts).toEqual(new Map([[centre, 3], [cellOf(far1), 1]]));
  });
});

describe('computeSurge: target formula and ring weighting', () => {
  it('applies 1 + (ratio − 1) × 0.5 to the centre cell', () => {
    // ratio 3 → 2.0; previous 1.7 is 0.3 away, so the target is reached this interval.
    expect(surge(new Map([[centre, 3]]), new Map([[centre, 1]]), new Map([[centre, 1.7]]))).toEqual(
      new Map([[centre, 2]]),
    );
  });

  it('counts ring-1 demand at half weight, both ways', () => {
    const result = surge(new Map([[centre, 2], [neighbour, 4]]), empty, new Map([[centre, 2.3], [neighbour, 2.8]]));
    // centre: 2 + 0.5 × 4 = 4 → ratio 4 → 2.5. neighbour: 4 + 0.5 × 2 = 5 → 3.0.
    expect(result.get(centre)).toBe(2.5);
    expect(result.get(neighbour)).toBe(3);
  });

  it('counts ring-1 supply at half weight', () => {
    // demand 4; supply 0 + 0.5 × 4 = 2 → ratio 2 → 1.5.
    const result = surge(new Map([[centre, 4]]), new Map([[neighbour, 4]]), new Map([[centre, 1.2]]));
    expect(result.get(centre)).toBe(1.5);
    // The same drivers in the centre cell count fully: ratio 1 → no surge.
    expect(surge(new Map([[centre, 4]]), new Map([[centre, 4]]), new Map([[centre, 1.2]])).has(centre)).toBe(false);
  });

  it('ignores cells two steps away', () => {
    const result = surge(new Map([[centre, 4], [far, 100]]), new Map([[far, 0]]), new Map([[centre, 2.3]]));
    expect(result.get(centre)).toBe(2.5); // 4 / 1 → 2.5, untouched by the crowd at `far`
    expect(result.get(far)).toBe(1.3);
  });

  it('surges only cells with demand, not their quiet neighbours', () => {
    const result = surge(new Map([[centre, 10]]));
    expect([...result.keys()]).toEqual([centre]);
  });

  it('works on a pentagon, whose disk has 6 cells', () => {
    const pentagon = getPentagons(8)[0]!;
    expect(gridDisk(pentagon, 1)).toHaveLength(6);
    expect(surge(new Map([[pentagon, 10]]))).toEqual(new Map([[pentagon, 1.3]]));
  });
});

describe('computeSurge: smoothing, hysteresis and omission', () => {
  it('ramps by at most 0.3 per interval up to the cap, then holds', () => {
    const demand = new Map([[centre, 50]]);
    const seen: number[] = [];
    let previous: CellMap = empty;
    for (let i = 0; i < 9; i += 1) {
      previous = surge(demand, empty, previous);
      seen.push(previous.get(centre) ?? 1);
    }
    expect(seen).toEqual([1.3, 1.6, 1.9, 2.2, 2.5, 2.8, 3, 3, 3]);
  });

  it('decays a published cell whose demand is gone, then drops it', () => {
    const seen: Array<number | undefined> = [];
    let previous: CellMap = new Map([[centre, 2]]);
    for (let i = 0; i < 5; i += 1) {
      previous = surge(empty, empty, previous);
      seen.push(previous.get(centre));
    }
    expect(seen).toEqual([1.7, 1.4, 1.1, undefined, undefined]);
  });

  it('keeps the previous value while the target is less than 0.1 away', () => {
    // 11 requests, 10 drivers: target 1.05.
    const demand = new Map([[centre, 11]]);
    const supply = new Map([[centre, 10]]);
    expect(surge(demand, supply).size).toBe(0); // stays at 1.0: omitted
    expect(surge(demand, supply, new Map([[centre, 1.1]]))).toEqual(new Map([[centre, 1.1]]));
    expect(surge(demand, supply, new Map([[centre, 1.3]]))).toEqual(new Map([[centre, 1.1]]));
  });

  it('omits cells at 1.0 and ignores previous entries at 1.0', () => {
    const result = surge(new Map([[centre, 1]]), new Map([[centre, 5]]), new Map([[far, 1], [centre, 1]]));
    expect(result.size).toBe(0);
  });

  it('ignores cells listed with zero demand', () => {
    expect(surge(new Map([[centre, 0]])).size).toBe(0);
  });

  it('returns cells in sorted order whatever the input order', () => {
    const entries: Array<[string, number]> = [[far, 9], [otherNeighbour, 7], [centre, 20]];
    const a = surge(new Map(entries));
    const b = surge(new Map([...entries].reverse()));
    expect([...a.keys()]).toEqual([...a.keys()].sort());
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('rejects bad keys and values with INVALID_INPUT', () => {
    const coarse = latLngToCell(SF.lat, SF.lng, 7);
    for (const input of [
      { demand: new Map([['not-a-cell', 1]]), supply: empty, previous: empty },
      { demand: new Map([[coarse, 1]]), supply: empty, previous: empty },
      { demand: new Map([[centre, -1]]), supply: empty, previous: empty },
      { demand: empty, supply: new Map([[centre, Number.NaN]]), previous: empty },
      { demand: empty, supply: empty, previous: new Map([[centre, Number.POSITIVE_INFINITY]]) },
      { demand: empty, supply: empty, previous: new Map([['', 2]]) },
    ]) {
      expect(codeOf(() => computeSurge(input))).toBe('INVALID_INPUT');
    }
  });
});

describe('diffSurge, toSurgeCells and surgeAt', () => {
  it('lists changed, new and cleared cells, sorted, with 1 for cleared', () => {
    const before = new Map([[centre, 1.5], [neighbour, 2], [far, 1.2]]);
    const after = new Map([[centre, 1.5], [neighbour, 2.3], [otherNeighbour, 1.1]]);
    const expected = [
      { h3: neighbour, multiplier: 2.3 },
      { h3: otherNeighbour, multiplier: 1.1 },
      { h3: far, multiplier: 1 },
    ].sort((x, y) => (x.h3 < y.h3 ? -1 : 1));
    expect(diffSurge(before, after)).toEqual(expected);
  });

  it('treats an explicit 1.0 like an absent cell and compares in tenths', () => {
    expect(diffSurge(new Map([[centre, 1]]), empty)).toEqual([]);
    expect(diffSurge(empty, new Map([[centre, 1]]))).toEqual([]);
    expect(diffSurge(new Map([[centre, 0.1 + 0.2 + 1]]), new Map([[centre, 1.3]]))).toEqual([]);
    expect(diffSurge(empty, empty)).toEqual([]);
  });

  it('lists every published cell for a full snapshot, sorted', () => {
    const cells = toSurgeCells(new Map([[far, 1.2], [centre, 1.5]]));
    expect(cells.map((c) => c.h3)).toEqual([centre, far].sort());
    expect(cells).toContainEqual({ h3: centre, multiplier: 1.5 });
  });

  it('reads the multiplier at a point, 1.0 when the cell is absent', () => {
    const cells = new Map([[centre, 1.8]]);
    expect(surgeAt(cells, SF)).toBe(1.8);
    expect(surgeAt(cells, { lat: 40.7128, lng: -74.006 })).toBe(1);
    expect(surgeAt(empty, SF)).toBe(1);
  });
});

describe('computeSurge properties', () => {
  const cells = gridDisk(centre, 2);
  const cell = fc.constantFrom(...cells);
  const counts = fc
    .array(fc.tuple(cell, fc.integer({ min: 0, max: 25 })), { maxLength: 15 })
    .map((entries) => new Map(entries));
  const published = fc
    .array(fc.tuple(cell, fc.integer({ min: 10, max: 30 })), { maxLength: 19 })
    .map((entries) => new Map(entries.map(([c, t]) => [c, t / 10])));
  const runs = { numRuns: 200 };
  const at = (map: CellMap, c: string) => tenths(map.get(c) ?? 1);

  it('publishes only whole tenths in (1.0, 3.0]', () => {
    fc.assert(
      fc.property(counts, counts, published, (demand, supply, previous) => {
        for (const m of computeSurge({ demand, supply, previous }).values()) {
          expect(tenths(m)).toBeGreaterThan(10);
          expect(tenths(m)).toBeLessThanOrEqual(30);
        }
      }),
      runs,
    );
  });

  it('never lowers any cell when demand is added (empty previous)', () => {
    fc.assert(
      fc.property(counts, counts, cell, fc.integer({ min: 1, max: 25 }), (demand, supply, c, extra) => {
        const more = new Map(demand).set(c, (demand.get(c) ?? 0) + extra);
        const before = surge(demand, supply);
        const after = surge(more, supply);
        for (const x of cells) expect(at(after, x)).toBeGreaterThanOrEqual(at(before, x));
      }),
      runs,
    );
  });

  it('never raises any cell when supply is added (empty previous)', () => {
    fc.assert(
      fc.property(counts, counts, cell, fc.integer({ min: 1, max: 25 }), (demand, supply, c, extra) => {
        const more = new Map(supply).set(c, (supply.get(c) ?? 0) + extra);
        const before = surge(demand, supply);
        const after = surge(demand, more);
        for (const x of cells) expect(at(after, x)).toBeLessThanOrEqual(at(before, x));
      }),
      runs,
    );
  });

  it('moves no cell by more than 0.3 in one interval', () => {
    fc.assert(
      fc.property(counts, counts, published, (demand, supply, previous) => {
        const next = computeSurge({ demand, supply, previous });
        for (const x of new Set([...previous.keys(), ...next.keys()])) {
          expect(Math.abs((next.get(x) ?? 1) - (previous.get(x) ?? 1))).toBeLessThanOrEqual(0.3 + 1e-9);
        }
      }),
      runs,
    );
  });

  it('converges when fed its own output: monotone per cell, then a fixed point', () => {
    fc.assert(
      fc.property(counts, counts, published, (demand, supply, start) => {
        const history: CellMap[] = [start];
        for (let i = 0; i < 9; i += 1) {
          history.push(computeSurge({ demand, supply, previous: history[history.length - 1]! }));
        }
        for (const x of cells) {
          const path = history.map((m) => at(m, x));
          const moves = path.slice(1).map((t, i) => Math.sign(t - path[i]!)).filter((s) => s !== 0);
          expect(new Set(moves).size).toBeLessThanOrEqual(1); // never turns back: no oscillation
        }
        // From 3.0 to 1.0 takes 7 intervals at 0.3: by then nothing moves any more.
        const settled = history[7]!;
        expect([...history[8]!.entries()]).toEqual([...settled.entries()]);
        expect([...history[9]!.entries()]).toEqual([...settled.entries()]);
        expect(diffSurge(settled, computeSurge({ demand, supply, previous: settled }))).toEqual([]);
      }),
      runs,
    );
  });
});
