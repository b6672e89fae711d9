/**
 * Latency histograms (HdrHistogram, `hdr-histogram-js`) in microseconds: recorded in each
 * client worker, shipped to the harness as compressed base64 and merged there.
 */
import * as hdr from 'hdr-histogram-js';

/** 1 µs to 5 min, 3 significant digits (0.1 % error). */
const HIGHEST_US = 300_000_000;

export type Histogram = hdr.Histogram;

export function createHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3 });
}

/** Records a latency; values outside the range are clamped, so one bad clock read cannot throw. */
export function recordUs(histogram: Histogram, us: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(us))));
}

export function encodeHistogram(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Merges encoded histograms (one per worker) into one. */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const total = createHistogram();
  for (const text of encoded) {
    if (!text) continue;
    const part = hdr.decodeFromCompressedBase64(text);
    total.add(part);
    part.destroy();
  }
  return total;
}

/** The latency figures every table shows, in milliseconds; null when nothing was recorded. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

const ms = (us: number): number => Math.round(us) / 1000;

export function summarize(histogram: Histogram): LatencySummary | null {
  if (histogram.totalCount === 0) return null;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}
