import { describe, expect, it } from 'vitest';
import type { TargetStats } from '../targets/api';
import { sumStats } from './aggregate';

const stats = (pid: number, rss: number, cpuUs: number, p99: number, sockets: number): TargetStats => ({
  target: 'curbside', pid, rssBytes: rss, rssReleasedBytes: rss / 4, heapUsedBytes: rss / 2, heapTotalBytes: rss, externalBytes: 1, arrayBuffersBytes: 1, cpuUs, mainThreadCpuUs: cpuUs / 2,
  eventLoop: { p50Ms: 10, p99Ms: p99, maxMs: p99 * 2, meanMs: 10 },
  sockets: { open: sockets, peak: sockets + 1 }, streams: { sse: sockets, ws: 0, ssePeak: sockets },
});

describe('sumStats', () => {
  it('adds memory, CPU, sockets and streams over instances; event-loop delay is the worst instance', () => {
    const total = sumStats([stats(1, 100, 1000, 11, 10), stats(2, 200, 3000, 25, 20), stats(3, 300, 2000, 12, 30)]);
    expect(total).toMatchObject({
      rssBytes: 600, rssReleasedBytes: 150, heapUsedBytes: 300, cpuUs: 6000, mainThreadCpuUs: 3000,
      eventLoop: { p99Ms: 25, maxMs: 50, meanMs: 10 },
      sockets: { open: 60, peak: 63 }, streams: { sse: 60, ws: 0, ssePeak: 60 },
    });
  });

  it('has no main-thread figure if one instance has none (no /proc)', () => {
    expect(sumStats([stats(1, 100, 1000, 11, 10), { ...stats(2, 100, 1000, 11, 10), mainThreadCpuUs: null }]).mainThreadCpuUs).toBeNull();
  });

  it('returns one instance as it is and refuses none', () => {
    const one = stats(1, 100, 1, 11, 1);
    expect(sumStats([one])).toBe(one);
    expect(() => sumStats([])).toThrow();
  });
});
