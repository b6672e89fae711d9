import { describe, expect, it } from 'vitest';
import { createSeqTracker } from './seq-tracker';

describe('createSeqTracker', () => {
  it('counts in-order events, duplicates and gaps', () => {
    const t = createSeqTracker();
    for (const seq of [1, 2, 2, 3, 6, 4, 7]) t.see(seq);
    expect({ unique: t.unique, duplicates: t.duplicates, gaps: t.gaps, last: t.last }).toEqual({ unique: 5, duplicates: 2, gaps: 2, last: 7 });
  });

  it('says whether an event is new', () => {
    const t = createSeqTracker();
    expect(t.see(1)).toBe(true);
    expect(t.see(1)).toBe(false);
  });
});
