/**
 * The target side of the IPC interface (api.ts), shared by the Curbside hook and the
 * baselines: memory after a forced GC, CPU, event-loop delay, accepted sockets, and the
 * publish schedule. A target supplies only how to publish, seed and count its streams.
 */
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { nowUs } from '../lib/clock';
import { chatMessage, locationPayload, surgePayload } from '../lib/payloads';
import { serveRpc } from '../lib/rpc';
import { mainThreadCpuUs } from '../lib/thread-cpu';
import { runSchedule } from '../lib/schedule';
import type { ChatMessage } from '@/lib/protocol/ws-messages';
import type { ChatTopic, ScheduleParams, SeedPair, TargetApi, TargetStats } from './api';

export interface TargetImpl {
  name: string;
  /** Resolves when the target can serve (Curbside: its services are on globalThis). */
  whenReady(): Promise<void>;
  publish(topic: string, type: string, data: unknown): void | Promise<unknown>;
  /** Delivers one chat message of `topic`'s ride to its rider and its driver (what sendChat does after its commit). */
  chat(topic: ChatTopic, message: ChatMessage): void | Promise<unknown>;
  seed(pairs: SeedPair[]): Promise<string[]>;
  streams(): { sse: number; ws: number };
  /** The harness went away: stop (gracefully if possible) and exit. */
  shutdown(): void;
}

/** V8's gc extension (--expose-gc); `flavor: 'last-resort'` is what V8 runs under memory pressure. */
const gc = (globalThis as { gc?: (options?: { type: 'major'; execution: 'sync'; flavor: 'regular' | 'last-resort' }) => void }).gc;

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Several full collections with turns of the event loop between, so finalizers and weak maps settle. */
async function collect(): Promise<void> {
  if (!gc) throw new Error('target runs without --expose-gc: memory figures would be meaningless');
  for (let i = 0; i < 3; i++) {
    gc();
    await turn();
  }
}

/** RSS after the memory-reducing collection (after `collect`). */
async function releasedRss(): Promise<number> {
  gc!({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  await turn();
  return process.memoryUsage().rss;
}

/**
 * Publish `seq` (1-based round) of schedule topic `topic`, stamped now: a location or surge
 * event on its bus topic / room, or (chat) one chat message of the ride, from its rider.
 */
export function scheduledEvent(impl: Pick<TargetImpl, 'publish' | 'chat'>, params: ScheduleParams, topic: number, seq: number): void | Promise<unknown> {
  const stamp = { run: params.run, seq, sentUs: nowUs() };
  if (params.kind === 'chat') {
    const ride = params.topics[topic]!;
    return impl.chat(ride, chatMessage(ride.rideId, ride.riderId, stamp));
  }
  const data = params.kind === 'location' ? locationPayload(topic, stamp) : surgePayload(stamp);
  return impl.publish(params.topics[topic]!, params.kind, data);
}

export function hostTarget(impl: TargetImpl): void {
  if (!process.send) throw new Error(`${impl.name}: started without an IPC channel (run it through npm run bench)`);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  // Every accepted TCP connection of any server in this process (Next's, ws's, Socket.IO's).
  let open = 0;
  let peak = 0;
  diagnostics.subscribe('net.server.socket', (message) => {
    const { socket } = message as { socket: Socket };
    open++;
    if (open > peak) peak = open;
    socket.once('close', () => void open--);
  });

  let ssePeak = 0;
  const sampler = setInterval(() => {
    try {
      ssePeak = Math.max(ssePeak, impl.streams().sse);
    } catch {
      // Not ready yet (Curbside before its services exist).
    }
  }, 50);
  sampler.unref();

  const api: TargetApi = {
    async ready() {
      await impl.whenReady();
      return { target: impl.name, pid: process.pid };
    },
    async stats({ gc: runGc, reset }) {
      if (runGc) await collect();
      const memory = process.memoryUsage();
      const rssReleasedBytes = runGc ? await releasedRss() : null;
      const cpu = process.cpuUsage();
      const streams = impl.streams();
      const stats: TargetStats = {
        target: impl.name,
        pid: process.pid,
        rssBytes: memory.rss,
        rssReleasedBytes,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        externalBytes: memory.external,
        arrayBuffersBytes: memory.arrayBuffers,
        cpuUs: cpu.user + cpu.system,
        mainThreadCpuUs: mainThreadCpuUs(),
        eventLoop: {
          p50Ms: loop.percentile(50) / 1e6,
          p99Ms: loop.percentile(99) / 1e6,
          maxMs: loop.max / 1e6,
          meanMs: Number.isFinite(loop.mean) ? loop.mean / 1e6 : 0,
        },
        sockets: { open, peak },
        streams: { ...streams, ssePeak: Math.max(ssePeak, streams.sse) },
      };
      if (reset) {
        loop.reset();
        peak = open;
        ssePeak = streams.sse;
      }
      return stats;
    },
    async heapSnapshot({ path }) {
      await collect();
      return { path: writeHeapSnapshot(path) };
    },
    async seed({ pairs }) {
      return { rideIds: await impl.seed(pairs) };
    },
    schedule(params: ScheduleParams) {
      return runSchedule({ topics: params.topics.length, intervalMs: params.intervalMs, rounds: params.rounds }, (topic, seq) => scheduledEvent(impl, params, topic, seq));
    },
  };
  serveRpc(process, api);
  // If the harness dies without stopping us, do not linger.
  process.on('disconnect', () => impl.shutdown());
}
