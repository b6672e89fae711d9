import { describe, expect, it } from 'vitest';
import { receiveSurge } from './surge-state';

describe('receiveSurge', () => {
  it('replaces on full, merges partial changes, clears cells back at 1.0', () => {
    let cells = receiveSurge(new Map(), { full: true, cells: [{ h3: 'a', multiplier: 1.5 }, { h3: 'b', multiplier: 2 }] });
    cells = receiveSurge(cells, { full: false, cells: [{ h3: 'a', multiplier: 1 }, { h3: 'c', multiplier: 1.2 }] });
    expect([...cells]).toEqual([['b', 2], ['c', 1.2]]);
    cells = receiveSurge(cells, { full: true, cells: [] });
    expect(cells.size).toBe(0);
  });
});
