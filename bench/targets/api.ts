/**
 * What every benchmark target (Curbside through its hook, the bare baselines, Socket.IO)
 * answers over IPC, so the harness drives them all alike.
 */
import type { ScheduleResult } from '../lib/schedule';

export interface TargetStats {
  target: string;
  pid: number;
  /** After the forced GC when one was asked for. */
  rssBytes: number;
  /**
   * With a GC asked for: RSS once more after V8's memory-reducing collection (the one it runs
   * under memory pressure), which also gives back pages a plain GC keeps for later
   * allocations; null without.
   */
  rssReleasedBytes: number | null;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** `process.cpuUsage()` user + system since the process started, µs. */
  cpuUs: number;
  /** Of which the main thread's (where JavaScript runs), µs, from /proc; null where there is no /proc. */
  mainThreadCpuUs: number | null;
  /** Event-loop delay since the last reset (`perf_hooks.monitorEventLoopDelay`), ms. */
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number; meanMs: number };
  /** Accepted TCP connections open now, and the most at once since the last reset. */
  sockets: { open: number; peak: number };
  /** Live SSE streams and WebSocket (or Socket.IO) connections, and the most SSE streams seen since the last reset (sampled every 50 ms). */
  streams: { sse: number; ws: number; ssePeak: number };
}

/** A rider and their driver, for a seeded ride. */
export interface SeedPair {
  riderId: string;
  riderName: string;
  driverId: string;
  driverName: string;
}

/**
 * One ride's chat (chat-fanout): the ride (the baselines' room) and both participants (Curbside
 * delivers to each user, on any instance). The rider is the message's `from`.
 */
export interface ChatTopic {
  rideId: string;
  riderId: string;
  driverId: string;
}

interface ScheduleTiming {
  intervalMs: number;
  rounds: number;
  run: number;
}

export type ScheduleParams =
  | (ScheduleTiming & {
    kind: 'location' | 'surge';
    /** Bus topics / rooms, one per schedule topic index. */
    topics: string[];
  })
  | (ScheduleTiming & {
    /** One chat message per ride per round, delivered to its rider and its driver. */
    kind: 'chat';
    topics: ChatTopic[];
  });

export interface TargetApi {
  /** Resolves once the target's services exist (Curbside: `getServices()` works). */
  ready(params: null): Promise<{ target: string; pid: number }>;
  /** `gc`: run a full collection first (the process runs with --expose-gc). `reset`: restart the event-loop histogram and the peaks. */
  stats(params: { gc: boolean; reset: boolean }): Promise<TargetStats>;
  /** Creates one ride per pair, `accepted` with its driver; returns the ride ids in order. */
  seed(params: { pairs: SeedPair[] }): Promise<{ rideIds: string[] }>;
  /** Writes a V8 heap snapshot (after a forced GC) to `path` (`--heap-snapshot`). */
  heapSnapshot(params: { path: string }): Promise<{ path: string }>;
  /** Publishes the stamped events of a schedule (see lib/schedule.ts) from inside the target. */
  schedule(params: ScheduleParams): Promise<ScheduleResult>;
}
