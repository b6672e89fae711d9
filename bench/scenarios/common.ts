/**
 * Pieces every scenario shares: preparing users and rides on a target, measuring memory per
 * connection after a forced GC, and measuring a window of load (server CPU and event-loop delay
 * from the server itself, deliveries and latency from the clients).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Backoff } from '../client/sse-client';
import type { BenchOptions, TargetName } from '../lib/args';
import { sleep } from '../lib/clock';
import type { LatencySummary } from '../lib/histogram';
import { benchDriverId } from '../lib/payloads';
import type { TargetStats } from '../targets/api';
import type { RunningTarget } from '../harness/targets';
import type { OpenSummary, PlacedSpec, SignedInUser, WorkerPool } from '../harness/workers';

export interface Context {
  options: BenchOptions;
  workers: WorkerPool;
  nextRun(): number;
  log(message: string): void;
}

/** Client reconnect backoff (full jitter): what lib/client's browser clients use is similar. */
export const BACKOFF: Backoff = { baseMs: 500, capMs: 5000 };
const WARM_UP_CONNECTIONS = 10;
const SETTLE_MS = 1000;

export interface SignInFigures {
  users: number;
  seconds: number;
}

export interface MemoryFigures {
  connections: number;
  baseRssBytes: number;
  baseHeapBytes: number;
  loadedRssBytes: number;
  loadedHeapBytes: number;
  rssPerConnBytes: number;
  heapPerConnBytes: number;
}

export interface LoadFigures {
  seconds: number;
  published: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  gaps: number;
  snapshots: number;
  reconnects: number;
  errors: Record<string, number>;
  latency: LatencySummary | null;
  eventsPerSecond: number;
  serverCpuSeconds: number;
  serverCpuUsPerEvent: number | null;
  deliveredPerServerCpuSecond: number | null;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  clientCpuSeconds: number;
  chat?: { sent: number; acked: number; rejected: number };
}

export interface IdleFigures {
  seconds: number;
  serverCpuSeconds: number;
  eventLoopP99Ms: number;
}

export interface TargetResult {
  target: TargetName;
  /** What the clients were: `sse`, `ws` or `socketio`, and what they connected to. */
  clientKind: 'sse' | 'ws' | 'socketio';
  endpoint: string;
  startSeconds: number;
  signIn: SignInFigures | null;
  open: OpenSummary;
  memory: MemoryFigures;
  load?: LoadFigures;
  idle?: IdleFigures;
  serverStreams: TargetStats['streams'];
  serverSockets: TargetStats['sockets'];
}

/** Riders (signed in on Curbside) with one seeded `accepted` ride each. Baselines need neither. */
export async function ridersWithRides(ctx: Context, target: RunningTarget, count: number): Promise<{ users: SignedInUser[] | null; rideIds: string[]; signIn: SignInFigures | null }> {
  if (target.name !== 'curbside') {
    const { rideIds } = await target.child.rpc.call('seed', { pairs: Array.from({ length: count }, (_, i) => ({ riderId: `u_r${i}`, riderName: 'r', driverId: `u_d${i}`, driverName: 'd' })) });
    return { users: null, rideIds, signIn: null };
  }
  const started = performance.now();
  const users = await ctx.workers.signIn(target.port, 'rider', count, 'bench rider ');
  const signIn = { users: count, seconds: (performance.now() - started) / 1000 };
  const pairs = users.map((user, i) => ({ riderId: user.id, riderName: user.name, driverId: benchDriverId(i), driverName: `bench driver ${i}` }));
  const { rideIds } = await target.child.rpc.call('seed', { pairs }, 600_000);
  return { users, rideIds, signIn };
}

/** Signed-in users with no ride (surge streams, idle sockets): Curbside only. */
export async function plainUsers(ctx: Context, target: RunningTarget, count: number): Promise<{ users: SignedInUser[] | null; signIn: SignInFigures | null }> {
  if (target.name !== 'curbside') return { users: null, signIn: null };
  const started = performance.now();
  const users = await ctx.workers.signIn(target.port, 'rider', count, 'bench user ');
  return { users, signIn: { users: count, seconds: (performance.now() - started) / 1000 } };
}

const stats = (target: RunningTarget, gc: boolean, reset = false) => target.child.rpc.call('stats', { gc, reset }, 120_000);

/** Places client i on worker i % K: where user i signed in (WorkerPool.signIn). */
export const roundRobin = <T>(items: readonly T[], workers: number, spec: (item: T, i: number) => PlacedSpec['spec']): PlacedSpec[] =>
  items.map((item, i) => ({ worker: i % workers, spec: spec(item, i) }));

/**
 * Opens `specs` (each in the worker holding its user's cookie) after a warm-up of a
 * few connections that are closed again, so code loaded on first use is in the baseline, not
 * in the per-connection figure. Returns the open summary and memory per connection.
 */
export async function openMeasured(ctx: Context, target: RunningTarget, specs: PlacedSpec[], keepUsers = true): Promise<{ open: OpenSummary; memory: MemoryFigures; loaded: TargetStats }> {
  const { workers, options } = ctx;
  await workers.open(target.port, workers.group(specs.slice(0, WARM_UP_CONNECTIONS)), options.connectConcurrency, BACKOFF);
  await workers.closeAll(!keepUsers);
  await sleep(SETTLE_MS);
  const base = await stats(target, true);
  ctx.log(`  ${target.name}: opening ${specs.length} connections…`);
  const open = await workers.open(target.port, workers.group(specs), options.connectConcurrency, BACKOFF);
  ctx.log(`  ${target.name}: ${open.opened} open (${open.failed} failed) in ${open.seconds.toFixed(1)} s`);
  await sleep(SETTLE_MS);
  const loaded = await stats(target, true);
  if (options.heapSnapshot) {
    mkdirSync(options.outDir, { recursive: true });
    const file = path.resolve(options.outDir, `${options.scenario}-${target.name}-${open.opened}-${Date.now()}.heapsnapshot`);
    ctx.log(`  ${target.name}: heap snapshot ${(await target.child.rpc.call('heapSnapshot', { path: file }, 600_000)).path}`);
  }
  const n = Math.max(1, open.opened);
  return {
    open,
    loaded,
    memory: {
      connections: open.opened,
      baseRssBytes: base.rssBytes,
      baseHeapBytes: base.heapUsedBytes,
      loadedRssBytes: loaded.rssBytes,
      loadedHeapBytes: loaded.heapUsedBytes,
      rssPerConnBytes: (loaded.rssBytes - base.rssBytes) / n,
      heapPerConnBytes: (loaded.heapUsedBytes - base.heapUsedBytes) / n,
    },
  };
}

/** Holds the connections idle for `seconds`: what heartbeats alone cost. */
export async function measureIdle(target: RunningTarget, seconds: number): Promise<IdleFigures> {
  const before = await stats(target, false, true);
  await sleep(seconds * 1000);
  const after = await stats(target, false);
  return { seconds, serverCpuSeconds: (after.cpuUs - before.cpuUs) / 1e6, eventLoopP99Ms: after.eventLoop.p99Ms };
}

/**
 * One window of load: `drive` publishes (or makes clients send) and reports how many deliveries
 * the clients should see; after it, `drainMs` lets the last events arrive. Server CPU and
 * event-loop delay cover the whole window, drain included.
 */
export async function measureLoad(
  ctx: Context,
  target: RunningTarget,
  run: number,
  drive: () => Promise<{ published: number; expected: number | ((report: { chat: { acked: number } }) => number); seconds: number }>,
  drainMs = 2000,
): Promise<LoadFigures> {
  await ctx.workers.measure(run);
  const before = await stats(target, false, true);
  const driven = await drive();
  await sleep(drainMs);
  const after = await stats(target, false);
  const report = await ctx.workers.report();
  const expected = typeof driven.expected === 'function' ? driven.expected(report) : driven.expected;
  const serverCpuSeconds = (after.cpuUs - before.cpuUs) / 1e6;
  return {
    seconds: driven.seconds,
    published: driven.published,
    expected,
    delivered: report.delivered,
    lost: Math.max(0, expected - report.delivered),
    duplicates: report.duplicates,
    gaps: report.gaps,
    snapshots: report.snapshots,
    reconnects: report.reconnects,
    errors: report.errors,
    latency: report.latency,
    eventsPerSecond: report.delivered / Math.max(0.001, driven.seconds),
    serverCpuSeconds,
    serverCpuUsPerEvent: report.delivered > 0 ? (serverCpuSeconds * 1e6) / report.delivered : null,
    deliveredPerServerCpuSecond: serverCpuSeconds > 0 ? report.delivered / serverCpuSeconds : null,
    eventLoopP99Ms: after.eventLoop.p99Ms,
    eventLoopMaxMs: after.eventLoop.maxMs,
    clientCpuSeconds: report.clientCpuUs / 1e6,
    chat: report.chat.sent > 0 ? report.chat : undefined,
  };
}

/**
 * Logs the sign-in, opens `specs` measured (see `openMeasured`) and starts the target's result
 * row, the part every connection scenario shares.
 */
export async function openTargetResult(
  ctx: Context, target: RunningTarget, specs: PlacedSpec[], row: Pick<TargetResult, 'target' | 'clientKind' | 'endpoint' | 'signIn'>,
): Promise<TargetResult> {
  const { signIn } = row;
  if (signIn) ctx.log(`  ${row.target}: ${signIn.users} users signed in in ${signIn.seconds.toFixed(1)} s`);
  const { open, memory, loaded } = await openMeasured(ctx, target, specs);
  return {
    ...row,
    startSeconds: target.startMs / 1000,
    open,
    memory,
    serverStreams: loaded.streams,
    serverSockets: loaded.sockets,
  };
}
