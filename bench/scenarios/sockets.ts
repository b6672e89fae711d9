/**
 * WebSocket-side scenarios, one target at a time: `chat` (each rider sends a stamped message
 * every chat interval; rider and driver both receive it), `chat-fanout` (the same pairs, nobody
 * sends: the target publishes one message per ride per chat interval from inside the server,
 * the delivery half of chat) and the WebSocket half of `idle`.
 * Curbside: real riders and drivers on /ws with seeded `accepted` rides, so in `chat` every
 * message goes through the app's chat path (validation, rate limit, database seq, delivery over
 * the bus), and in `chat-fanout` through what that path does after its commit (the hub's
 * deliver to each participant).
 */
import type { ClientSpec } from '../client/api';
import type { ChatTopic } from '../targets/api';
import { clientsFor, type BenchOptions, type TargetName } from '../lib/args';
import { benchUserId } from '../lib/payloads';
import { chatInstances, workerOf } from '../lib/placement';
import { startCluster, stopCluster, type Cluster } from '../harness/targets';
import type { PlacedSpec, SignedInUser } from '../harness/workers';
import { labelOf, measureIdle, measureLoad, openTargetResult, plainUsers, roundRobin, type Context, type SignInFigures, type TargetResult } from './common';

export type SocketKind = 'chat' | 'chat-fanout' | 'idle';

function socketSpec(name: TargetName, port: number, room: string, user: SignedInUser | undefined, sender: boolean, role: string): ClientSpec {
  if (name === 'socketio') return { kind: 'sio', port, room, rideId: room, sender };
  return { kind: 'ws', port, path: `/ws?room=${encodeURIComponent(room)}&role=${role}`, user: user?.index, rideId: room, sender };
}

/**
 * Rider–driver pairs with a seeded ride each. With several instances pair i's rider and driver
 * sign in and connect on different instances (lib/placement.ts chatInstances), so each message
 * crosses the bus. `ridersSend`: the riders are the senders of `workers.chat` (chat); otherwise
 * nobody sends (chat-fanout). `topics`: each pair's ride and participants, in order.
 */
async function chatPairs(ctx: Context, cluster: Cluster, pairs: number, ridersSend: boolean): Promise<{ specs: PlacedSpec[]; signIn: SignInFigures | null; topics: ChatTopic[] }> {
  let riders: SignedInUser[] | undefined;
  let drivers: SignedInUser[] | undefined;
  let signIn: SignInFigures | null = null;
  const n = cluster.instances.length;
  const port = (instance: number) => cluster.instances[instance]!.port;
  if (cluster.name === 'curbside') {
    const started = performance.now();
    riders = await ctx.workers.signIn((i) => port(chatInstances(i, n).riderSignIn), 'rider', pairs, 'bench rider ');
    drivers = await ctx.workers.signIn((i) => port(chatInstances(i, n).driverSignIn), 'driver', pairs, 'bench driver ');
    signIn = { users: pairs * 2, seconds: (performance.now() - started) / 1000 };
  }
  // Baselines check no user; their made-up ids are as long as real ones (a chat frame's `from`).
  const seedPairs = Array.from({ length: pairs }, (_, i) => ({
    riderId: riders?.[i]?.id ?? benchUserId('rider', i), riderName: riders?.[i]?.name ?? 'r',
    driverId: drivers?.[i]?.id ?? benchUserId('driver', i), driverName: drivers?.[i]?.name ?? 'd',
  }));
  const { rideIds } = await cluster.hook.child.rpc.call('seed', { pairs: seedPairs }, 600_000);
  // Rider and driver each open in the worker that holds their cookie; pairs stay interleaved,
  // so a warm-up of the first few connections has both sides.
  const workers = ctx.workers.size;
  const specs: PlacedSpec[] = [];
  for (let i = 0; i < pairs; i++) {
    const at = chatInstances(i, n);
    specs.push({ worker: riders?.[i]?.worker ?? workerOf(i, workers), spec: socketSpec(cluster.name, port(at.riderStream), rideIds[i]!, riders?.[i], ridersSend, 'rider') });
    specs.push({ worker: drivers?.[i]?.worker ?? workerOf(i + 1, workers), spec: socketSpec(cluster.name, port(at.driverStream), rideIds[i]!, drivers?.[i], false, 'driver') });
  }
  const topics = seedPairs.map((pair, i): ChatTopic => ({ rideId: rideIds[i]!, riderId: pair.riderId, driverId: pair.driverId }));
  return { specs, signIn, topics };
}

/** Chat rounds over the run: one per chat interval, at least one. */
const chatRounds = (options: Pick<BenchOptions, 'durationS' | 'chatIntervalMs'>): number =>
  Math.max(1, Math.round((options.durationS * 1000) / options.chatIntervalMs));

export async function runSockets(ctx: Context, name: TargetName, kind: SocketKind): Promise<TargetResult> {
  const { options, workers } = ctx;
  const m = clientsFor(options, name, options.ws);
  ctx.log(`${kind} · ${name}: starting the server…`);
  const cluster = await startCluster(name, options);
  const label = labelOf(cluster);
  try {
    ctx.log(`  ${label}: up in ${(cluster.startMs / 1000).toFixed(1)} s${cluster.instances.length > 1 ? ` (ports ${cluster.instances.map((t) => t.port).join(', ')})` : ''}`);
    let specs: PlacedSpec[];
    let signIn: SignInFigures | null;
    let topics: ChatTopic[] = [];
    if (kind === 'chat' || kind === 'chat-fanout') {
      ({ specs, signIn, topics } = await chatPairs(ctx, cluster, Math.floor(m / 2), kind === 'chat'));
    } else {
      const prepared = await plainUsers(ctx, cluster, m);
      signIn = prepared.signIn;
      specs = roundRobin(Array.from({ length: m }, (_, i) => i), workers.size, cluster, (i, _, port) => socketSpec(name, port, 'idle', prepared.users?.[i], false, 'rider'));
    }
    const result = await openTargetResult(ctx, cluster, specs, {
      target: name,
      clientKind: name === 'socketio' ? 'socketio' : 'ws',
      endpoint: name === 'socketio' ? 'socket.io rooms' : '/ws',
      signIn,
    });
    if (kind === 'idle') {
      ctx.log(`  ${label}: idle for ${options.durationS} s…`);
      await measureIdle(cluster, options.durationS, result);
    } else if (kind === 'chat-fanout') {
      const rounds = chatRounds(options);
      const run = ctx.nextRun();
      ctx.log(`  ${label}: publishing ${rounds} message(s) to each of ${topics.length} rides${cluster.instances.length > 1 ? ` through ${cluster.hook.label}` : ''}…`);
      await measureLoad(ctx, cluster, run, result, async () => {
        const schedule = await cluster.hook.child.rpc.call('schedule', { kind: 'chat', topics, intervalMs: options.chatIntervalMs, rounds, run }, rounds * options.chatIntervalMs + 120_000);
        // Every published message reaches two clients: the ride's rider and its driver.
        return { published: schedule.published, expected: schedule.published * 2, seconds: schedule.durationMs / 1000 };
      }, 3000);
    } else {
      const rounds = chatRounds(options);
      ctx.log(`  ${label}: ${specs.length / 2} riders send ${rounds} message(s) each…`);
      const run = ctx.nextRun();
      await measureLoad(ctx, cluster, run, result, async () => {
        const started = performance.now();
        const sent = await workers.chat(run, options.chatIntervalMs, rounds);
        // Every accepted message reaches two clients: the other participant and the sender's own socket.
        return { published: sent.published, expected: (report) => report.chat.acked * 2, seconds: (performance.now() - started) / 1000 };
      }, 3000);
    }
    await workers.closeAll(true);
    return result;
  } finally {
    await workers.closeAll(true).catch(() => undefined);
    await stopCluster(cluster);
  }
}
