/**
 * Test rig for simulated drivers: the real city graph, a fake socket that records every
 * frame with its (fake) send time, and helpers that play the server's side.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { type FakeWebSocket, createFakeWebSocket } from '@/lib/client/testing/fake-websocket';
import { createPrng } from '@/lib/city/prng';
import { type RoadGraph, createRoadGraph } from '@/lib/city/road-graph';
import { type RoadGraphData } from '@/lib/city/types';
import { type LatLng } from '@/lib/protocol/common';
import { type Ride } from '@/lib/protocol/ride';
import { createSimDriver } from '../sim-driver';
import { type SimDriver, type SimDriverOptions, type SimLogEntry } from '../sim-types';

let cachedData: RoadGraphData | null = null;
let cachedGraph: RoadGraph | null = null;
/** The published `roads.json`, parsed once per test file. */
export function cityData(): RoadGraphData {
  cachedData ??= JSON.parse(readFileSync(path.resolve(__dirname, '../../../public/city/roads.json'), 'utf8')) as RoadGraphData;
  return cachedData;
}
/** The published city graph, loaded once per test file. */
export function cityGraph(): RoadGraph {
  cachedGraph ??= createRoadGraph(cityData());
  return cachedGraph;
}

/** A frame the driver sent, parsed, with the fake time it was sent and the socket's index. */
export interface SentFrame {
  at: number;
  socket: number;
  frame: { type: string; [key: string]: unknown };
}

export const DRIVER_ID = 'driver-1';

/** A schema-valid ride. */
export function makeRide(fields: Partial<Ride> & { pickup: LatLng; dropoff: LatLng }): Ride {
  const at = new Date().toISOString();
  return {
    id: 'ride-1', status: 'requested', riderId: 'rider-1', driverId: null, surge: 1,
    fare: { amount: 12.5, currency: 'USD' }, createdAt: at, updatedAt: at, ...fields,
  };
}

/** Options of the rig: anything of the driver's, plus a seed and failing connects. */
export type HarnessOptions = Partial<SimDriverOptions> & {
  seed?: number;
  /** Returns true when this connect attempt (1-based) should throw. */
  failConnect?: (attempt: number) => boolean;
};

export function createSimHarness(options: HarnessOptions = {}) {
  const kit = createFakeWebSocket();
  const frames: SentFrame[] = [];
  const logs: SimLogEntry[] = [];
  const connectTimes: number[] = [];
  const graph = options.graph ?? cityGraph();
  const driver: SimDriver = createSimDriver({
    name: 'sim-test',
    graph,
    random: createPrng(options.seed ?? 42),
    onLog: (entry) => logs.push(entry),
    ...options,
    connect: () => {
      connectTimes.push(Date.now());
      if (options.failConnect?.(connectTimes.length)) throw new Error('connect refused');
      const socket = new kit.WebSocketImpl('ws://test/ws') as FakeWebSocket;
      const index = kit.instances.length - 1;
      const send = socket.send.bind(socket);
      socket.send = (data: string) => {
        if (socket.readyState === 1) frames.push({ at: Date.now(), socket: index, frame: JSON.parse(data) as SentFrame['frame'] });
        send(data);
      };
      return socket;
    },
  });
  const socket = () => kit.last();
  return {
    kit, driver, frames, logs, graph, connectTimes, socket,
    of: (type: string) => frames.filter((f) => f.frame.type === type),
    types: () => frames.map((f) => f.frame.type),
    /** Opens the newest socket and says hello, as the server does. */
    connect(heartbeatMs = 30_000) {
      socket().open();
      socket().message({ type: 'hello', user: { id: DRIVER_ID, role: 'driver', name: 'Sim' }, connectionId: `c${kit.instances.length}`, heartbeatMs });
    },
    offer(offerId: string, ride: Ride, ttlMs = 15_000) {
      socket().message({ type: 'offer', offerId, ride, expiresAt: new Date(Date.now() + ttlMs).toISOString() });
    },
    ride(ride: Ride) {
      socket().message({ type: 'ride', ride });
    },
    /** Advances fake time like a live server would: a `ping` every 10 s keeps the heartbeat happy. */
    run(ms: number, until?: () => boolean) {
      for (let left = ms; left > 0 && !until?.(); left -= 1000) {
        vi.advanceTimersByTime(Math.min(1000, left));
        if (left % 10_000 < 1000 && socket().readyState === 1) socket().message({ type: 'ping' });
      }
    },
  };
}

export type SimHarness = ReturnType<typeof createSimHarness>;

/** Metres from `p` to the segment `a`–`b` (flat approximation, fine at street scale). */
export function metresToSegment(p: LatLng, a: LatLng, b: LatLng): number {
  const k = Math.cos((p.lat * Math.PI) / 180) * 111_195;
  const ax = (a.lng - p.lng) * k, ay = (a.lat - p.lat) * 111_195;
  const bx = (b.lng - p.lng) * k, by = (b.lat - p.lat) * 111_195;
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}
