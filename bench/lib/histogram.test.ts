import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram, mergeEncoded, recordUs, summarize } from './histogram';

describe('histogram', () => {
  it('summarises percentiles in milliseconds', () => {
    const h = createHistogram();
    for (let us = 1; us <= 10_000; us++) recordUs(h, us * 10); // 10 µs … 100 ms, uniform
    const summary = summarize(h)!;
    expect(summary.count).toBe(10_000);
    expect(summary.p50).toBeCloseTo(50, 0);
    expect(summary.p90).toBeCloseTo(90, 0);
    expect(summary.p99).toBeCloseTo(99, 0);
    expect(summary.p999).toBeCloseTo(99.9, 0);
    expect(summary.max).toBeCloseTo(100, 0);
  });

  it('is null when empty, and clamps values outside its range', () => {
    const h = createHistogram();
    expect(summarize(h)).toBeNull();
    recordUs(h, -5);
    recordUs(h, 1e12);
    expect(summarize(h)?.count).toBe(2);
  });

  it('merges histograms from several workers', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (let i = 0; i < 100; i++) recordUs(a, 1000);
    for (let i = 0; i < 100; i++) recordUs(b, 3000);
    const merged = summarize(mergeEncoded([encodeHistogram(a), encodeHistogram(b), '']))!;
    expect(merged.count).toBe(200);
    expect(merged.p50).toBeCloseTo(1, 1);
    expect(merged.max).toBeCloseTo(3, 1);
  });
});
