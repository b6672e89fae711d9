/**
 * Reconnect storm: every SSE client of Curbside's ride streams is dropped at once by a server
 * restart (SIGTERM, the graceful path a deploy takes; or SIGKILL with --kill) and comes back with
 * full-jitter backoff and `Last-Event-ID`. The harness publishes the location events itself,
 * straight into Redis through the app's own Redis bus, so events keep flowing while the server is
 * down and a correct replay loses none of them.
 */
import { createRedisBus } from '@/lib/bus/redis-bus';
import { silentBusLogger } from '@/lib/bus/logger';
import { nowUs, sleep } from '../lib/clock';
import type { LatencySummary } from '../lib/histogram';
import { listenOverflows } from '../lib/netstat';
import { locationPayload } from '../lib/payloads';
import { runSchedule } from '../lib/schedule';
import { formatTable, num, sig } from '../lib/table';
import { checkRedis, dropKeys } from '../harness/redis';
import { asCluster, removeTargetEnv, startTarget, stopTarget } from '../harness/targets';
import type { OpenSummary } from '../harness/workers';
import { BACKOFF, ridersWithRides, roundRobin, type Context } from './common';

export interface StormResult {
  clients: number;
  signal: 'SIGTERM' | 'SIGKILL';
  bus: string;
  backoff: typeof BACKOFF;
  open: OpenSummary;
  steadySeconds: number;
  /** From the drop until the new server answered HTTP. */
  downSeconds: number;
  /** Of which: the old server's graceful shutdown (drop → its process exited). */
  stopSeconds: number;
  allLive: boolean;
  live: number;
  allLiveAfterDropSeconds: number | null;
  allLiveAfterUpSeconds: number | null;
  /** When each client's new stream opened, in seconds after the drop. */
  reopenAfterDrop: LatencySummary | null;
  published: number;
  /** How far the harness's own publisher fell behind its schedule (it shares the cores too). */
  publisherMaxLagMs: number;
  delivered: number;
  lost: number;
  duplicates: number;
  /** Holes in a stream's sequence: an event skipped while later ones arrived. */
  gaps: number;
  /** Seconds waited after the last publish for the events still in flight. */
  drainSeconds: number;
  /** Streams that restarted from a snapshot (`ride` event) instead of a replay. */
  snapshots: number;
  reconnectAttempts: number;
  errors: Record<string, number>;
  latency: LatencySummary | null;
  peakSocketsBefore: number;
  /** How open streams ended before the drop, by cause, from the first open on (none, normally). */
  streamEndsBeforeDrop: Record<string, number>;
  peakSocketsAfter: number;
  peakSseStreamsAfter: number;
  /**
   * Connections the kernel dropped because the accept queue was full, from the drop until every
   * client was live (or the wait ended); machine-wide (TcpExt ListenOverflows), null off Linux.
   */
  listenOverflows: number | null;
}

/** The drain ends once no more events arrived for this long (or all did). */
const DRAIN_IDLE_MS = 5000;

export async function runStorm(ctx: Context): Promise<StormResult> {
  const { options, workers, log } = ctx;
  if (options.bus !== 'redis') throw new Error('storm needs --bus redis: with the in-memory bus a restart loses the history a reconnect replays');
  await checkRedis(options.redisUrl, 'storm needs Redis (events must survive the restart to be replayed)');
  const n = options.sse;
  log('storm · curbside: starting the server…');
  let target = await startTarget('curbside', options);
  const { env, port } = target;
  const bus = createRedisBus(options.redisUrl, {}, { keyPrefix: `${env.redisPrefix}bus:`, logger: silentBusLogger });
  const stop = new AbortController();
  try {
    log(`  curbside: up in ${(target.startMs / 1000).toFixed(1)} s; signing in ${n} riders…`);
    const cluster = asCluster(target);
    const { users, rideIds } = await ridersWithRides(ctx, cluster, n);
    const specs = roundRobin(rideIds, workers.size, cluster, (rideId, i, at) => ({ kind: 'sse' as const, port: at, path: `/api/rides/${rideId}/stream`, user: users?.[i]?.index }));
    const open = await workers.open(workers.group(specs), options.connectConcurrency, BACKOFF);
    log(`  curbside: ${open.opened} streams open in ${open.seconds.toFixed(1)} s; steady for ${options.durationS} s…`);

    const run = ctx.nextRun();
    await workers.measure(run);
    const topics = rideIds.map((id) => `ride:${id}`);
    const publishing = runSchedule({ topics: n, intervalMs: options.intervalMs, rounds: 1_000_000 }, (topic, seq) =>
      bus.publish(topics[topic]!, { type: 'location', data: locationPayload(topic, { run, seq, sentUs: nowUs() }) }), 5, stop.signal);
    await sleep(options.durationS * 1000);

    const before = await target.child.rpc.call('stats', { gc: false, reset: false });
    const { ends: endsBeforeDrop } = await workers.report();
    const signal = options.kill ? 'SIGKILL' : 'SIGTERM';
    log(`  curbside: ${signal} with ${before.streams.sse} live streams; restarting…`);
    const overflowsBefore = listenOverflows();
    const dropUs = nowUs();
    await stopTarget(target, { keepEnv: true, signal });
    const stoppedUs = nowUs();
    target = await startTarget('curbside', options, { port, env });
    const upUs = nowUs();
    log(`  curbside: back after ${((upUs - dropUs) / 1e6).toFixed(1)} s; waiting for every client…`);

    let live = await workers.liveness(dropUs);
    const deadline = dropUs + options.stormTimeoutS * 1e6;
    while (live.live < n && nowUs() < deadline) {
      await sleep(250);
      live = await workers.liveness(dropUs);
    }
    const allLive = live.live >= n;
    const overflowsAfter = listenOverflows();
    log(`  curbside: ${live.live}/${n} live again${allLive ? '' : ' (timed out)'}; settling…`);
    await sleep(3000);
    stop.abort();
    const schedule = await publishing;
    // Drain: what is still in flight after a long storm can take more than a few seconds to
    // arrive, and "lost" must mean missing, not late. Wait until everything arrived, or nothing
    // more did for DRAIN_IDLE_MS.
    const drainStarted = performance.now();
    let report = await workers.report();
    for (let lastProgress = performance.now(); report.delivered < schedule.published && performance.now() - lastProgress < DRAIN_IDLE_MS;) {
      await sleep(500);
      const next = await workers.report();
      if (next.delivered > report.delivered) lastProgress = performance.now();
      report = next;
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const after = await target.child.rpc.call('stats', { gc: false, reset: false });
    await workers.closeAll(true);
    return {
      clients: n,
      signal,
      bus: 'redis',
      backoff: BACKOFF,
      open,
      steadySeconds: options.durationS,
      downSeconds: (upUs - dropUs) / 1e6,
      stopSeconds: (stoppedUs - dropUs) / 1e6,
      allLive,
      live: live.live,
      allLiveAfterDropSeconds: allLive ? (live.lastOpenUs - dropUs) / 1e6 : null,
      allLiveAfterUpSeconds: allLive ? Math.max(0, live.lastOpenUs - upUs) / 1e6 : null,
      reopenAfterDrop: live.openedAfter,
      published: schedule.published,
      publisherMaxLagMs: schedule.maxLagMs,
      delivered: report.delivered,
      lost: Math.max(0, schedule.published - report.delivered),
      duplicates: report.duplicates,
      gaps: report.gaps,
      drainSeconds,
      snapshots: report.snapshots,
      reconnectAttempts: report.reconnects,
      errors: report.errors,
      latency: report.latency,
      peakSocketsBefore: before.sockets.peak,
      streamEndsBeforeDrop: endsBeforeDrop,
      peakSocketsAfter: after.sockets.peak,
      peakSseStreamsAfter: after.streams.ssePeak,
      listenOverflows: overflowsBefore === null || overflowsAfter === null ? null : overflowsAfter - overflowsBefore,
    };
  } finally {
    stop.abort();
    await workers.closeAll(true).catch(() => undefined);
    await bus.close().catch(() => undefined);
    await stopTarget(target, { keepEnv: true }).catch(() => undefined);
    removeTargetEnv(env);
    await dropKeys(options.redisUrl, env.redisPrefix).catch(() => undefined);
  }
}

/** The storm's figures as one two-column table, and its errors by kind; `label` names the run among several. */
export function stormTables(storm: StormResult, label = ''): string[] {
  const s = (seconds: number | null) => (seconds === null ? 'not all live' : `${num(seconds, 2)} s`);
  const rows: Array<[string, string]> = [
    ['SSE clients (ride streams)', num(storm.clients)],
    ['restart', `${storm.signal}, then a new server on the same port, data dir and Redis`],
    ['client backoff', `full jitter, base ${storm.backoff.baseMs} ms, cap ${storm.backoff.capMs} ms, Last-Event-ID`],
    ['server down (drop → answering HTTP)', `${num(storm.downSeconds, 2)} s`],
    ['  of which the old server\'s shutdown (drop → exit)', `${num(storm.stopSeconds, 2)} s`],
    ['all live again, after the drop', s(storm.allLiveAfterDropSeconds)],
    ['all live again, after the server was up', s(storm.allLiveAfterUpSeconds)],
    ['reopened streams p50 / p99 / max after the drop', storm.reopenAfterDrop ? `${sig(storm.reopenAfterDrop.p50 / 1000)} / ${sig(storm.reopenAfterDrop.p99 / 1000)} / ${sig(storm.reopenAfterDrop.max / 1000)} s` : '-'],
    ['live at the end', `${num(storm.live)} of ${num(storm.clients)}`],
    ['events published (1 per stream per interval, into Redis)', num(storm.published)],
    ['publisher lag behind its schedule, max', `${sig(storm.publisherMaxLagMs)} ms`],
    ['events delivered', num(storm.delivered)],
    ['events lost (not delivered after the drain)', `${num(storm.lost)} (drain ${num(storm.drainSeconds, 1)} s)`],
    ['  of which holes in a stream (a later event arrived)', num(storm.gaps)],
    ['duplicates', num(storm.duplicates)],
    ['streams resumed from a snapshot instead of replay', num(storm.snapshots)],
    ['reconnect attempts', num(storm.reconnectAttempts)],
    ['connections dropped by a full accept queue (kernel, machine-wide)', storm.listenOverflows === null ? '-' : num(storm.listenOverflows)],
    ['errors seen by clients', num(Object.values(storm.errors).reduce((a, b) => a + b, 0))],
    ['publish→receive p50 / p99 / max (whole run)', storm.latency ? `${sig(storm.latency.p50)} / ${sig(storm.latency.p99)} / ${sig(storm.latency.max)} ms` : '-'],
    ['peak server connections before the drop', num(storm.peakSocketsBefore)],
    ['open streams that ended before the drop (each reconnected)', endsText(storm.streamEndsBeforeDrop)],
    ['peak server connections after the restart (vs clients)', `${num(storm.peakSocketsAfter)} (×${(storm.peakSocketsAfter / storm.clients).toFixed(2)})`],
    ['peak live SSE streams after the restart', num(storm.peakSseStreamsAfter)],
  ];
  const errors = Object.entries(storm.errors);
  return [
    `\n## Reconnect storm${label ? ` (${label})` : ''}\n`,
    formatTable([{ header: 'figure' }, { header: 'value', align: 'left' }], rows),
    ...(errors.length ? [`\nclient errors: ${errors.map(([kind, count]) => `${kind} ×${count}`).join(', ')}`] : []),
  ];
}

/** "0", or the total and each cause: "380 (closed ×380)". */
function endsText(ends: Record<string, number>): string {
  const entries = Object.entries(ends);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return total === 0 ? '0' : `${num(total)} (${entries.map(([cause, n]) => `${cause} ×${num(n)}`).join(', ')})`;
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Several storms side by side, a row each, then the spread of the time to all-live: one storm
 * varies a lot from run to run (a slower reconnect leaves more events to replay), so a change
 * is judged by the spread, not by one run.
 */
export function stormSpreadTable(storms: readonly StormResult[]): string[] {
  const rows = storms.map((storm, k) => [
    String(k + 1), `${num(storm.stopSeconds, 2)} s`, `${num(storm.downSeconds, 2)} s`,
    storm.allLiveAfterDropSeconds === null ? `${num(storm.live)} of ${num(storm.clients)} live` : `${num(storm.allLiveAfterDropSeconds, 2)} s`,
    num(storm.lost), num(storm.duplicates), `×${(storm.peakSocketsAfter / storm.clients).toFixed(2)}`,
  ]);
  const live = storms.flatMap((storm) => (storm.allLiveAfterDropSeconds === null ? [] : [storm.allLiveAfterDropSeconds]));
  const spread = live.length === 0
    ? 'no run had every client live again in time'
    : `all live after the drop: min ${num(Math.min(...live), 2)} s, median ${num(median(live), 2)} s, max ${num(Math.max(...live), 2)} s over ${live.length} of ${storms.length} runs${live.length < storms.length ? ` (${storms.length - live.length} timed out)` : ''}`;
  return [
    `\n## Reconnect storms: ${storms.length} runs\n`,
    formatTable([{ header: 'run' }, { header: 'shutdown' }, { header: 'server down' }, { header: 'all live after the drop' }, { header: 'lost' }, { header: 'dup' }, { header: 'peak conn.' }], rows),
    '',
    spread,
  ];
}
