/** The harness shared by the `createSseStream` unit tests: a fake bus, a tracked signal, recorded closes. */
import { expect, vi } from 'vitest';
import { createHeartbeat, type Heartbeat } from '../heartbeat';
import { createSseStream, type SseCloseReason, type SseSnapshotEvent, type SseStreamOptions } from '../sse-stream';
import { createFakeBus, type FakeBus } from './fake-bus';
import { trackAbortListeners } from './track-listeners';

export const TOPIC = 'ride:1';
export const RIDE = { type: 'ride', data: { id: 'r1', status: 'requested' } };

export interface Harness {
  bus: FakeBus;
  heartbeat: Heartbeat;
  abort: AbortController;
  listeners: () => number;
  closes: SseCloseReason[];
  errors: unknown[];
  snapshot: ReturnType<typeof vi.fn<() => Promise<SseSnapshotEvent[]>>>;
  subscribe: ReturnType<typeof vi.fn<SseStreamOptions['subscribe']>>;
  stream: ReadableStream<Uint8Array>;
  peak: () => number;
}

export function openStream(overrides: Partial<SseStreamOptions> & { bus?: FakeBus; heartbeat?: Heartbeat } = {}): Harness {
  const bus = overrides.bus ?? createFakeBus();
  const heartbeat = overrides.heartbeat ?? createHeartbeat(60_000);
  const abort = new AbortController();
  const listeners = trackAbortListeners(abort.signal);
  const closes: SseCloseReason[] = [];
  const errors: unknown[] = [];
  let peak = 0;
  const snapshot = vi.fn(async (): Promise<SseSnapshotEvent[]> => [RIDE]);
  const subscribe = vi.fn<SseStreamOptions['subscribe']>((after, onEvent) => bus.subscribe(TOPIC, { after }, onEvent));
  const stream = createSseStream({
    signal: abort.signal,
    subscribe,
    snapshot,
    retryMs: 2000,
    heartbeat,
    maxBufferedBytes: 1 << 20,
    onQueued: (bytes) => {
      peak = Math.max(peak, bytes);
    },
    onClose: (reason, error) => {
      closes.push(reason);
      errors.push(error);
    },
    ...overrides,
  });
  return { bus, heartbeat, abort, listeners, closes, errors, snapshot, subscribe, stream, peak: () => peak };
}

export async function publishRides(bus: FakeBus, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await bus.publish(TOPIC, { type: 'location', data: { n: i } }));
  return ids;
}

export function expectClean(h: Harness): void {
  expect(h.bus.subscriptions()).toBe(0);
  expect(h.heartbeat.size()).toBe(0);
  expect(h.listeners()).toBe(0);
}

