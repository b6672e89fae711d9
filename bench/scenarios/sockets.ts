/**
 * WebSocket-side scenarios, one target at a time: `chat` (each rider sends a stamped message
 * every chat interval; rider and driver both receive it) and the WebSocket half of `idle`.
 * Curbside: real riders and drivers on /ws with seeded `accepted` rides, so every message goes
 * through the app's chat path (validation, rate limit, database seq, delivery over the bus).
 */
import type { ClientSpec } from '../client/api';
import { clientsFor, type TargetName } from '../lib/args';
import { chatInstances, workerOf } from '../lib/placement';
import { startCluster, stopCluster, type Cluster } from '../harness/targets';
import type { PlacedSpec, SignedInUser } from '../harness/workers';
import { labelOf, measureIdle, measureLoad, openTargetResult, plainUsers, roundRobin, type Context, type SignInFigures, type TargetResult } from './common';

export type SocketKind = 'chat' | 'idle';

function socketSpec(name: TargetName, port: number, room: string, user: SignedInUser | undefined, sender: boolean, role: string): ClientSpec {
  if (name === 'socketio') return { kind: 'sio', port, room, rideId: room, sender };
  return { kind: 'ws', port, path: `/ws?room=${encodeURIComponent(room)}&role=${role}`, user: user?.index, rideId: room, sender };
}

/**
 * Rider–driver pairs with a seeded ride each. With several instances pair i's rider and driver
 * sign in and connect on different instances (lib/placement.ts chatInstances), so each message
 * crosses the bus.
 */
async function chatPairs(ctx: Context, cluster: Cluster, pairs: number): Promise<{ specs: PlacedSpec[]; signIn: SignInFigures | null }> {
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
  const seedPairs = Array.from({ length: pairs }, (_, i) => ({
    riderId: riders?.[i]?.id ?? `u_r${i}`, riderName: riders?.[i]?.name ?? 'r', driverId: drivers?.[i]?.id ?? `u_d${i}`, driverName: drivers?.[i]?.name ?? 'd',
  }));
  const { rideIds } = await cluster.hook.child.rpc.call('seed', { pairs: seedPairs }, 600_000);
  // Rider and driver each open in the worker that holds their cookie; pairs stay interleaved,
  // so a warm-up of the first few connections has both sides.
  const workers = ctx.workers.size;
  const specs: PlacedSpec[] = [];
  for (let i = 0; i < pairs; i++) {
    const at = chatInstances(i, n);
    specs.push({ worker: riders?.[i]?.worker ?? workerOf(i, workers), spec: socketSpec(cluster.name, port(at.riderStream), rideIds[i]!, riders?.[i], true, 'rider') });
    specs.push({ worker: drivers?.[i]?.worker ?? workerOf(i + 1, workers), spec: socketSpec(cluster.name, port(at.driverStream), rideIds[i]!, drivers?.[i], false, 'driver') });
  }
  return { specs, signIn };
}

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
    if (kind === 'chat') {
      ({ specs, signIn } = await chatPairs(ctx, cluster, Math.floor(m / 2)));
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
    } else {
      const rounds = Math.max(1, Math.round((options.durationS * 1000) / options.chatIntervalMs));
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
