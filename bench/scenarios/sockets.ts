/**
 * WebSocket-side scenarios, one target at a time: `chat` (each rider sends a stamped message
 * every chat interval; rider and driver both receive it) and the WebSocket half of `idle`.
 * Curbside: real riders and drivers on /ws with seeded `accepted` rides, so every message goes
 * through the app's chat path (validation, rate limit, database seq, delivery over the bus).
 */
import type { ClientSpec } from '../client/api';
import type { TargetName } from '../lib/args';
import { startTarget, stopTarget, type RunningTarget } from '../harness/targets';
import type { PlacedSpec, SignedInUser } from '../harness/workers';
import { measureIdle, measureLoad, openTargetResult, plainUsers, roundRobin, type Context, type SignInFigures, type TargetResult } from './common';

export type SocketKind = 'chat' | 'idle';

function socketSpec(name: TargetName, room: string, user: SignedInUser | undefined, sender: boolean, role: string): ClientSpec {
  if (name === 'socketio') return { kind: 'sio', room, rideId: room, sender };
  return { kind: 'ws', path: `/ws?room=${encodeURIComponent(room)}&role=${role}`, user: user?.index, rideId: room, sender };
}

async function chatPairs(ctx: Context, target: RunningTarget, pairs: number): Promise<{ specs: PlacedSpec[]; signIn: SignInFigures | null }> {
  let riders: SignedInUser[] | undefined;
  let drivers: SignedInUser[] | undefined;
  let signIn: SignInFigures | null = null;
  if (target.name === 'curbside') {
    const started = performance.now();
    riders = await ctx.workers.signIn(target.port, 'rider', pairs, 'bench rider ');
    drivers = await ctx.workers.signIn(target.port, 'driver', pairs, 'bench driver ');
    signIn = { users: pairs * 2, seconds: (performance.now() - started) / 1000 };
  }
  const seedPairs = Array.from({ length: pairs }, (_, i) => ({
    riderId: riders?.[i]?.id ?? `u_r${i}`, riderName: riders?.[i]?.name ?? 'r', driverId: drivers?.[i]?.id ?? `u_d${i}`, driverName: drivers?.[i]?.name ?? 'd',
  }));
  const { rideIds } = await target.child.rpc.call('seed', { pairs: seedPairs }, 600_000);
  // Rider and driver each open in the worker that holds their cookie; pairs stay interleaved,
  // so a warm-up of the first few connections has both sides.
  const workers = ctx.workers.size;
  const specs: PlacedSpec[] = [];
  for (let i = 0; i < pairs; i++) {
    specs.push({ worker: riders?.[i]?.worker ?? i % workers, spec: socketSpec(target.name, rideIds[i]!, riders?.[i], true, 'rider') });
    specs.push({ worker: drivers?.[i]?.worker ?? (i + 1) % workers, spec: socketSpec(target.name, rideIds[i]!, drivers?.[i], false, 'driver') });
  }
  return { specs, signIn };
}

export async function runSockets(ctx: Context, name: TargetName, kind: SocketKind): Promise<TargetResult> {
  const { options, workers } = ctx;
  ctx.log(`${kind} · ${name}: starting the server…`);
  const target = await startTarget(name, options);
  try {
    ctx.log(`  ${name}: up in ${(target.startMs / 1000).toFixed(1)} s`);
    let specs: PlacedSpec[];
    let signIn: SignInFigures | null;
    if (kind === 'chat') {
      ({ specs, signIn } = await chatPairs(ctx, target, Math.floor(options.ws / 2)));
    } else {
      const prepared = await plainUsers(ctx, target, options.ws);
      signIn = prepared.signIn;
      specs = roundRobin(Array.from({ length: options.ws }, (_, i) => i), workers.size, (i) => socketSpec(name, 'idle', prepared.users?.[i], false, 'rider'));
    }
    const result = await openTargetResult(ctx, target, specs, {
      target: name,
      clientKind: name === 'socketio' ? 'socketio' : 'ws',
      endpoint: name === 'socketio' ? 'socket.io rooms' : '/ws',
      signIn,
    });
    if (kind === 'idle') {
      ctx.log(`  ${name}: idle for ${options.durationS} s…`);
      result.idle = await measureIdle(target, options.durationS);
    } else {
      const rounds = Math.max(1, Math.round((options.durationS * 1000) / options.chatIntervalMs));
      ctx.log(`  ${name}: ${specs.length / 2} riders send ${rounds} message(s) each…`);
      const run = ctx.nextRun();
      result.load = await measureLoad(ctx, target, run, async () => {
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
    await stopTarget(target);
  }
}
