/**
 * SSE-side scenarios, one target at a time: `fanout` (a ride stream per rider, one location
 * event a second each), `surge` (one broadcast to every client per interval) and the SSE half
 * of `idle`. Socket.IO stands in with one socket per client in the same rooms.
 */
import type { TargetName } from '../lib/args';
import { startTarget, stopTarget } from '../harness/targets';
import type { PlacedSpec } from '../harness/workers';
import { measureIdle, measureLoad, openTargetResult, plainUsers, ridersWithRides, roundRobin, type Context, type TargetResult } from './common';

export type StreamKind = 'fanout' | 'surge' | 'idle';

export async function runStreams(ctx: Context, name: TargetName, kind: StreamKind): Promise<TargetResult> {
  const { options, workers } = ctx;
  const n = options.sse;
  ctx.log(`${kind} · ${name}: starting the server…`);
  const target = await startTarget(name, options);
  try {
    ctx.log(`  ${name}: up in ${(target.startMs / 1000).toFixed(1)} s`);
    let specs: PlacedSpec[];
    let topics: string[];
    let signIn;
    if (kind === 'fanout') {
      const prepared = await ridersWithRides(ctx, target, n);
      signIn = prepared.signIn;
      topics = prepared.rideIds.map((id) => `ride:${id}`);
      specs = roundRobin(prepared.rideIds, workers.size, (rideId, i) => (name === 'socketio'
        ? { kind: 'sio', room: `ride:${rideId}`, rideId, sender: false }
        : { kind: 'sse', path: `/api/rides/${rideId}/stream`, user: prepared.users?.[i]?.index }));
    } else {
      const prepared = await plainUsers(ctx, target, n);
      signIn = prepared.signIn;
      topics = ['surge'];
      specs = roundRobin(Array.from({ length: n }, (_, i) => i), workers.size, (i) => (name === 'socketio'
        ? { kind: 'sio', room: 'surge', rideId: '-', sender: false }
        : { kind: 'sse', path: '/api/surge/stream', user: prepared.users?.[i]?.index }));
    }
    const result = await openTargetResult(ctx, target, specs, {
      target: name,
      clientKind: name === 'socketio' ? 'socketio' : 'sse',
      endpoint: name === 'socketio' ? 'socket.io rooms' : kind === 'fanout' ? '/api/rides/:id/stream' : '/api/surge/stream',
      signIn,
    });
    if (kind === 'idle') {
      ctx.log(`  ${name}: idle for ${options.durationS} s…`);
      result.idle = await measureIdle(target, options.durationS);
    } else {
      const rounds = Math.max(1, Math.round((options.durationS * 1000) / options.intervalMs));
      const run = ctx.nextRun();
      ctx.log(`  ${name}: publishing ${rounds} round(s) to ${topics.length} topic(s)…`);
      result.load = await measureLoad(ctx, target, run, async () => {
        const schedule = await target.child.rpc.call('schedule', { kind: kind === 'fanout' ? 'location' : 'surge', topics, intervalMs: options.intervalMs, rounds, run }, rounds * options.intervalMs + 120_000);
        return { published: schedule.published, expected: schedule.published * (kind === 'fanout' ? 1 : result.open.opened), seconds: schedule.durationMs / 1000 };
      });
    }
    await workers.closeAll(true);
    return result;
  } finally {
    await workers.closeAll(true).catch(() => undefined);
    await stopTarget(target);
  }
}
