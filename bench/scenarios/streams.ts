/**
 * SSE-side scenarios, one target at a time: `fanout` (a ride stream per rider, one location
 * event a second each), `surge` (one broadcast to every client per interval) and the SSE half
 * of `idle`. Socket.IO stands in with one socket per client in the same rooms. Curbside may run
 * as several instances (--instances): client i streams from instance i mod N; rides are seeded
 * and events published through one instance, the Redis bus carries them to the others.
 */
import { clientsFor, type TargetName } from '../lib/args';
import { startCluster, stopCluster } from '../harness/targets';
import type { PlacedSpec } from '../harness/workers';
import { labelOf, measureIdle, measureLoad, openTargetResult, plainUsers, ridersWithRides, roundRobin, type Context, type TargetResult } from './common';

export type StreamKind = 'fanout' | 'surge' | 'idle';

export async function runStreams(ctx: Context, name: TargetName, kind: StreamKind): Promise<TargetResult> {
  const { options, workers } = ctx;
  const n = clientsFor(options, name, options.sse);
  ctx.log(`${kind} · ${name}: starting the server…`);
  const cluster = await startCluster(name, options);
  const label = labelOf(cluster);
  try {
    ctx.log(`  ${label}: up in ${(cluster.startMs / 1000).toFixed(1)} s${cluster.instances.length > 1 ? ` (ports ${cluster.instances.map((t) => t.port).join(', ')})` : ''}`);
    let specs: PlacedSpec[];
    let topics: string[];
    let signIn;
    if (kind === 'fanout') {
      const prepared = await ridersWithRides(ctx, cluster, n);
      signIn = prepared.signIn;
      topics = prepared.rideIds.map((id) => `ride:${id}`);
      specs = roundRobin(prepared.rideIds, workers.size, cluster, (rideId, i, port) => (name === 'socketio'
        ? { kind: 'sio', port, room: `ride:${rideId}`, rideId, sender: false }
        : { kind: 'sse', port, path: `/api/rides/${rideId}/stream`, user: prepared.users?.[i]?.index }));
    } else {
      const prepared = await plainUsers(ctx, cluster, n);
      signIn = prepared.signIn;
      topics = ['surge'];
      specs = roundRobin(Array.from({ length: n }, (_, i) => i), workers.size, cluster, (i, _, port) => (name === 'socketio'
        ? { kind: 'sio', port, room: 'surge', rideId: '-', sender: false }
        : { kind: 'sse', port, path: '/api/surge/stream', user: prepared.users?.[i]?.index }));
    }
    const result = await openTargetResult(ctx, cluster, specs, {
      target: name,
      clientKind: name === 'socketio' ? 'socketio' : 'sse',
      endpoint: name === 'socketio' ? 'socket.io rooms' : kind === 'fanout' ? '/api/rides/:id/stream' : '/api/surge/stream',
      signIn,
    });
    if (kind === 'idle') {
      ctx.log(`  ${label}: idle for ${options.durationS} s…`);
      await measureIdle(cluster, options.durationS, result);
    } else {
      const rounds = Math.max(1, Math.round((options.durationS * 1000) / options.intervalMs));
      const run = ctx.nextRun();
      ctx.log(`  ${label}: publishing ${rounds} round(s) to ${topics.length} topic(s)${cluster.instances.length > 1 ? ` through ${cluster.hook.label}` : ''}…`);
      await measureLoad(ctx, cluster, run, result, async () => {
        const schedule = await cluster.hook.child.rpc.call('schedule', { kind: kind === 'fanout' ? 'location' : 'surge', topics, intervalMs: options.intervalMs, rounds, run }, rounds * options.intervalMs + 120_000);
        return { published: schedule.published, expected: schedule.published * (kind === 'fanout' ? 1 : result.open.opened), seconds: schedule.durationMs / 1000 };
      });
    }
    await workers.closeAll(true);
    return result;
  } finally {
    await workers.closeAll(true).catch(() => undefined);
    await stopCluster(cluster);
  }
}
