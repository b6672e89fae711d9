/**
 * Server figures of a multi-instance target: the instances' own stats added up (memory, CPU,
 * sockets, streams) or, for event-loop delay, the worst instance's.
 */
import type { TargetStats } from '../targets/api';

/** One TargetStats for several processes: sums, except event-loop delay (max; mean: the mean of means). */
export function sumStats(all: readonly TargetStats[]): TargetStats {
  if (all.length === 0) throw new Error('sumStats: no instances');
  if (all.length === 1) return all[0]!;
  const sum = (pick: (s: TargetStats) => number) => all.reduce((total, s) => total + pick(s), 0);
  const max = (pick: (s: TargetStats) => number) => Math.max(...all.map(pick));
  return {
    target: all[0]!.target,
    pid: all[0]!.pid,
    rssBytes: sum((s) => s.rssBytes),
    rssReleasedBytes: all.every((s) => s.rssReleasedBytes !== null) ? sum((s) => s.rssReleasedBytes!) : null,
    heapUsedBytes: sum((s) => s.heapUsedBytes),
    heapTotalBytes: sum((s) => s.heapTotalBytes),
    externalBytes: sum((s) => s.externalBytes),
    arrayBuffersBytes: sum((s) => s.arrayBuffersBytes),
    cpuUs: sum((s) => s.cpuUs),
    mainThreadCpuUs: all.every((s) => s.mainThreadCpuUs !== null) ? sum((s) => s.mainThreadCpuUs!) : null,
    eventLoop: {
      p50Ms: max((s) => s.eventLoop.p50Ms),
      p99Ms: max((s) => s.eventLoop.p99Ms),
      maxMs: max((s) => s.eventLoop.maxMs),
      meanMs: sum((s) => s.eventLoop.meanMs) / all.length,
    },
    // Each instance's own peak, added: an upper bound of the peak all held at once.
    sockets: { open: sum((s) => s.sockets.open), peak: sum((s) => s.sockets.peak) },
    streams: { sse: sum((s) => s.streams.sse), ws: sum((s) => s.streams.ws), ssePeak: sum((s) => s.streams.ssePeak) },
  };
}
