/**
 * Pieces every scenario shares: preparing users and rides on a target, measuring memory per
 * connection after a forced GC, and measuring a window of load (server CPU and event-loop delay
 * from the server itself, deliveries and latency from the clients).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ClientSpec } from '../client/api';
import type { Backoff } from '../client/sse-client';
import type { BenchOptions, TargetName } from '../lib/args';
import { sleep } from '../lib/clock';
import type { LatencySummary } from '../lib/histogram';
import { benchDriverId } from '../lib/payloads';
import { signInInstance, streamInstance, workerOf } from '../lib/placement';
import type { TargetStats } from '../targets/api';
import type { Cluster } from '../harness/targets';
import type { OpenSummary, PlacedSpec, SignedInUser, WorkerPool } from '../harness/workers';
import { sumStats } from './aggregate';

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
  /** RSS per connection after the memory-reducing GC (see TargetStats.rssReleasedBytes). */
  rssReleasedPerConnBytes: number | null;
  /**
   * Server CPU from before the first connection to after the last (sign-in excluded, the
   * forced GCs of both readings included), per connection: what a connect, or a reconnect in
   * a storm, costs the server.
   */
  openCpuPerConnUs: number;
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
  /** Of the server CPU, the main threads' (JavaScript); the rest is V8's GC helpers and libuv's pool. */
  mainThreadCpuSeconds: number | null;
  mainThreadCpuUsPerEvent: number | null;
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

/** One server process's share of an idle or load window. */
export interface InstanceWindow {
  serverCpuSeconds: number;
  mainThreadCpuSeconds: number | null;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** The most accepted sockets at once during the window. */
  peakSockets: number;
}

/** One process of a target (a Curbside instance), so a reader sees the spread over instances. */
export interface InstanceFigures {
  label: string;
  port: number;
  pid: number;
  startSeconds: number;
  /** Live streams (SSE + WebSocket) it served once every connection was open. */
  streams: number;
  /** Accepted sockets open then. */
  sockets: number;
  /** Its own memory before and after, per connection it holds (`streams`). */
  memory: MemoryFigures;
  window?: InstanceWindow;
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
  /** Summed over instances (peaks: each instance's own, added). */
  serverStreams: TargetStats['streams'];
  serverSockets: TargetStats['sockets'];
  /** Each server process (one for a baseline or a single Curbside); the figures above are their totals. */
  instances: InstanceFigures[];
}

/** The port client i streams from (instance i mod N). */
export const streamPort = (cluster: Cluster, client: number): number => cluster.instances[streamInstance(client, cluster.instances.length)]!.port;
/** The port client i signs in on (instance (i + 1) mod N: another one than it streams from). */
export const signInPort = (cluster: Cluster, client: number): number => cluster.instances[signInInstance(client, cluster.instances.length)]!.port;

/**
 * Riders (signed in on Curbside, rider i on instance (i + 1) mod N) with one seeded `accepted`
 * ride each, seeded through the hook instance (one database). Baselines need no sign-in.
 */
export async function ridersWithRides(ctx: Context, cluster: Cluster, count: number): Promise<{ users: SignedInUser[] | null; rideIds: string[]; signIn: SignInFigures | null }> {
  const { hook } = cluster;
  if (cluster.name !== 'curbside') {
    const { rideIds } = await hook.child.rpc.call('seed', { pairs: Array.from({ length: count }, (_, i) => ({ riderId: `u_r${i}`, riderName: 'r', driverId: `u_d${i}`, driverName: 'd' })) });
    return { users: null, rideIds, signIn: null };
  }
  const started = performance.now();
  const users = await ctx.workers.signIn((i) => signInPort(cluster, i), 'rider', count, 'bench rider ');
  const signIn = { users: count, seconds: (performance.now() - started) / 1000 };
  // Drivers unique to this seeding: with --database-url the database keeps earlier runs' accepted rides.
  const tag = `bench${randomBytes(3).toString('hex')}`;
  const pairs = users.map((user, i) => ({ riderId: user.id, riderName: user.name, driverId: benchDriverId(i, tag), driverName: `bench driver ${i}` }));
  const { rideIds } = await hook.child.rpc.call('seed', { pairs }, 600_000);
  return { users, rideIds, signIn };
}

/** Signed-in users with no ride (surge streams, idle sockets): Curbside only; user i on instance (i + 1) mod N. */
export async function plainUsers(ctx: Context, cluster: Cluster, count: number): Promise<{ users: SignedInUser[] | null; signIn: SignInFigures | null }> {
  if (cluster.name !== 'curbside') return { users: null, signIn: null };
  const started = performance.now();
  const users = await ctx.workers.signIn((i) => signInPort(cluster, i), 'rider', count, 'bench user ');
  return { users, signIn: { users: count, seconds: (performance.now() - started) / 1000 } };
}

/** Every instance's stats (in parallel: the forced GCs of one do not wait for another's). */
const statsOf = (cluster: Cluster, gc: boolean, reset = false): Promise<TargetStats[]> =>
  Promise.all(cluster.instances.map((t) => t.child.rpc.call('stats', { gc, reset }, 120_000)));

/**
 * Places client i on worker i % K (where user i's cookie is, see WorkerPool.signIn) and on the
 * instance i mod N; `spec` gets that instance's port.
 */
export const roundRobin = <T>(items: readonly T[], workers: number, cluster: Cluster, spec: (item: T, i: number, port: number) => ClientSpec): PlacedSpec[] =>
  items.map((item, i) => ({ worker: workerOf(i, workers), spec: spec(item, i, streamPort(cluster, i)) }));

function memoryOf(base: TargetStats, loaded: TargetStats, connections: number): MemoryFigures {
  const n = Math.max(1, connections);
  return {
    connections,
    baseRssBytes: base.rssBytes,
    baseHeapBytes: base.heapUsedBytes,
    loadedRssBytes: loaded.rssBytes,
    loadedHeapBytes: loaded.heapUsedBytes,
    rssPerConnBytes: (loaded.rssBytes - base.rssBytes) / n,
    heapPerConnBytes: (loaded.heapUsedBytes - base.heapUsedBytes) / n,
    openCpuPerConnUs: (loaded.cpuUs - base.cpuUs) / n,
    rssReleasedPerConnBytes: loaded.rssReleasedBytes !== null && base.rssReleasedBytes !== null ? (loaded.rssReleasedBytes - base.rssReleasedBytes) / n : null,
  };
}

function windowsOf(before: readonly TargetStats[], after: readonly TargetStats[]): InstanceWindow[] {
  return after.map((a, k) => ({
    serverCpuSeconds: (a.cpuUs - before[k]!.cpuUs) / 1e6,
    mainThreadCpuSeconds: a.mainThreadCpuUs !== null && before[k]!.mainThreadCpuUs !== null ? (a.mainThreadCpuUs - before[k]!.mainThreadCpuUs) / 1e6 : null,
    eventLoopP99Ms: a.eventLoop.p99Ms, eventLoopMaxMs: a.eventLoop.maxMs, peakSockets: a.sockets.peak,
  }));
}

/**
 * Opens `specs` (each in the worker holding its user's cookie, on its instance's port) after a
 * warm-up of a few connections that are closed again (at least three per instance), so code
 * loaded on first use is in the baseline, not in the per-connection figure. Returns the open
 * summary, memory per connection (all instances together) and each instance's own figures.
 */
export async function openMeasured(ctx: Context, cluster: Cluster, specs: PlacedSpec[], keepUsers = true): Promise<{ open: OpenSummary; memory: MemoryFigures; loaded: TargetStats; instances: InstanceFigures[] }> {
  const { workers, options } = ctx;
  const warmUp = Math.max(WARM_UP_CONNECTIONS, 3 * cluster.instances.length);
  await workers.open(workers.group(specs.slice(0, warmUp)), options.connectConcurrency, BACKOFF);
  await workers.closeAll(!keepUsers);
  await sleep(SETTLE_MS);
  const base = await statsOf(cluster, true);
  const label = labelOf(cluster);
  ctx.log(`  ${label}: opening ${specs.length} connections…`);
  const open = await workers.open(workers.group(specs), options.connectConcurrency, BACKOFF);
  ctx.log(`  ${label}: ${open.opened} open (${open.failed} failed) in ${open.seconds.toFixed(1)} s`);
  await sleep(SETTLE_MS);
  const loaded = await statsOf(cluster, true);
  if (options.heapSnapshot) {
    mkdirSync(options.outDir, { recursive: true });
    for (const target of cluster.instances) {
      const file = path.resolve(options.outDir, `${options.scenario}-${target.label}-${open.opened}-${Date.now()}.heapsnapshot`);
      ctx.log(`  ${target.label}: heap snapshot ${(await target.child.rpc.call('heapSnapshot', { path: file }, 600_000)).path}`);
    }
  }
  const instances = cluster.instances.map((target, k): InstanceFigures => {
    const streams = loaded[k]!.streams.sse + loaded[k]!.streams.ws;
    return {
      label: target.label, port: target.port, pid: loaded[k]!.pid, startSeconds: target.startMs / 1000,
      streams, sockets: loaded[k]!.sockets.open, memory: memoryOf(base[k]!, loaded[k]!, streams),
    };
  });
  return { open, loaded: sumStats(loaded), instances, memory: memoryOf(sumStats(base), sumStats(loaded), open.opened) };
}

/** `curbside×3` for a target of three instances, else its name. */
export const labelOf = (cluster: Pick<Cluster, 'name' | 'instances'>): string =>
  (cluster.instances.length > 1 ? `${cluster.name}×${cluster.instances.length}` : cluster.name);

/** Holds the connections idle for `seconds`: what heartbeats alone cost (CPU summed over instances, loop p99 the worst). */
export async function measureIdle(cluster: Cluster, seconds: number, result: TargetResult): Promise<void> {
  const before = await statsOf(cluster, false, true);
  await sleep(seconds * 1000);
  const after = await statsOf(cluster, false);
  const windows = windowsOf(before, after);
  windows.forEach((window, k) => void (result.instances[k]!.window = window));
  result.idle = {
    seconds,
    serverCpuSeconds: windows.reduce((sum, w) => sum + w.serverCpuSeconds, 0),
    eventLoopP99Ms: Math.max(...windows.map((w) => w.eventLoopP99Ms)),
  };
}

/**
 * One window of load: `drive` publishes (or makes clients send) and reports how many deliveries
 * the clients should see; after it, `drainMs` lets the last events arrive. Server CPU (summed
 * over instances) and event-loop delay (the worst instance) cover the whole window, drain included.
 */
export async function measureLoad(
  ctx: Context,
  cluster: Cluster,
  run: number,
  result: TargetResult,
  drive: () => Promise<{ published: number; expected: number | ((report: { chat: { acked: number } }) => number); seconds: number }>,
  drainMs = 2000,
): Promise<void> {
  await ctx.workers.measure(run);
  const before = await statsOf(cluster, false, true);
  const driven = await drive();
  await sleep(drainMs);
  const afterAll = await statsOf(cluster, false);
  const report = await ctx.workers.report();
  const windows = windowsOf(before, afterAll);
  windows.forEach((window, k) => void (result.instances[k]!.window = window));
  const after = sumStats(afterAll);
  const expected = typeof driven.expected === 'function' ? driven.expected(report) : driven.expected;
  const serverCpuSeconds = windows.reduce((sum, w) => sum + w.serverCpuSeconds, 0);
  const mainThreadCpuSeconds = windows.every((w) => w.mainThreadCpuSeconds !== null) ? windows.reduce((sum, w) => sum + w.mainThreadCpuSeconds!, 0) : null;
  result.load = {
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
    mainThreadCpuSeconds,
    mainThreadCpuUsPerEvent: mainThreadCpuSeconds !== null && report.delivered > 0 ? (mainThreadCpuSeconds * 1e6) / report.delivered : null,
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
  ctx: Context, cluster: Cluster, specs: PlacedSpec[], row: Pick<TargetResult, 'target' | 'clientKind' | 'endpoint' | 'signIn'>,
): Promise<TargetResult> {
  const { signIn } = row;
  if (signIn) ctx.log(`  ${labelOf(cluster)}: ${signIn.users} users signed in in ${signIn.seconds.toFixed(1)} s`);
  const { open, memory, loaded, instances } = await openMeasured(ctx, cluster, specs);
  return {
    ...row,
    startSeconds: cluster.startMs / 1000,
    open,
    memory,
    serverStreams: loaded.streams,
    serverSockets: loaded.sockets,
    instances,
  };
}
