import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat } from './heartbeat';
import type { SseSnapshotEvent } from './sse-stream';
import { createFakeBus } from './testing/fake-bus';
import { compareIds, createSseReader } from './testing/sse-reader';
import { openStream, publishRides, RIDE, TOPIC } from './testing/stream-harness';
import { createDeferred, waitFor } from './testing/wait-for';

afterEach(() => {
  vi.useRealTimers();
});

describe('createSseStream: start, snapshot and replay', () => {
  it('sends retry first, then a snapshot stamped with the head id, then live events', async () => {
    const bus = createFakeBus();
    const [, head] = await publishRides(bus, 2);
    const h = openStream({ bus });
    const reader = createSseReader(h.stream);

    expect(await reader.next()).toEqual({ retry: 2000, comments: [] });
    const snap = await reader.nextEvent();
    expect(snap).toMatchObject({ id: head, event: 'ride' });
    expect(JSON.parse(snap.data)).toEqual(RIDE.data);
    expect(h.subscribe).toHaveBeenCalledWith(undefined, expect.any(Function), expect.any(Function));
    expect(h.snapshot).toHaveBeenCalledTimes(1);

    const live = await bus.publish(TOPIC, { type: 'location', data: { lat: 1 } });
    expect(await reader.nextEvent()).toMatchObject({ id: live, event: 'location', data: '{"lat":1}' });
    expect(compareIds(live, snap.id)).toBeGreaterThan(0);
    await reader.cancel();
  });

  it('stamps a snapshot of an empty topic with 0-0', async () => {
    const h = openStream();
    const reader = createSseReader(h.stream);
    expect(await reader.nextEvent()).toMatchObject({ id: '0-0', event: 'ride' });
    await reader.cancel();
  });

  it('replays every event after a known Last-Event-ID, with no snapshot and no duplicate', async () => {
    const bus = createFakeBus();
    const ids = await publishRides(bus, 4);
    const h = openStream({ bus, lastEventId: ids[1] });
    const reader = createSseReader(h.stream);
    expect((await reader.nextEvent()).id).toBe(ids[2]);
    expect((await reader.nextEvent()).id).toBe(ids[3]);
    const live = await bus.publish(TOPIC, { type: 'location', data: {} });
    expect((await reader.nextEvent()).id).toBe(live);
    expect(h.snapshot).not.toHaveBeenCalled();
    expect(h.subscribe).toHaveBeenCalledWith(ids[1], expect.any(Function), expect.any(Function));
    await reader.cancel();
  });

  it('sends a fresh snapshot when the id is older than the kept history (gap)', async () => {
    const bus = createFakeBus({ maxEventsPerTopic: 2 });
    const ids = await publishRides(bus, 5);
    const h = openStream({ bus, lastEventId: ids[0] });
    const reader = createSseReader(h.stream);
    const snap = await reader.nextEvent();
    expect(snap).toMatchObject({ id: ids[4], event: 'ride' });
    const live = await bus.publish(TOPIC, { type: 'location', data: {} });
    expect((await reader.nextEvent()).id).toBe(live);
    expect(h.snapshot).toHaveBeenCalledTimes(1);
    await reader.cancel();
  });

  it.each(['garbage', '1-0\nevent: x', '', '99999999999999999-0'])(
    'treats a malformed Last-Event-ID %j as none: snapshot, never passed to the bus',
    async (lastEventId) => {
      const h = openStream({ lastEventId });
      const reader = createSseReader(h.stream);
      expect((await reader.nextEvent()).event).toBe('ride');
      expect(h.subscribe).toHaveBeenCalledWith(undefined, expect.any(Function), expect.any(Function));
      await reader.cancel();
    },
  );

  it('holds live events that arrive during a slow snapshot and sends them after it, in order', async () => {
    const bus = createFakeBus();
    await publishRides(bus, 1);
    const slow = createDeferred<SseSnapshotEvent[]>();
    const h = openStream({ bus, snapshot: () => slow.promise });
    const reader = createSseReader(h.stream);
    await waitFor(() => bus.subscriptions() === 1, 'subscription');

    const during = await publishRides(bus, 3);
    slow.resolve([RIDE, { type: 'surge', data: { full: true } }]);

    const got = [];
    for (let i = 0; i < 5; i++) got.push(await reader.nextEvent());
    expect(got.map((e) => e.event)).toEqual(['ride', 'surge', 'location', 'location', 'location']);
    expect(got.map((e) => e.id)).toEqual(['1-0', '1-0', ...during]);
    await reader.cancel();
  });

  it('holds events delivered while subscribe is pending (eager replay) behind nothing when no snapshot is needed', async () => {
    const bus = createFakeBus();
    const ids = await publishRides(bus, 3);
    const gate = createDeferred<void>();
    bus.gate = () => gate.promise;
    const h = openStream({ bus, lastEventId: ids[0] });
    const reader = createSseReader(h.stream);
    expect((await reader.next())?.retry).toBe(2000);
    gate.resolve();
    expect((await reader.nextEvent()).id).toBe(ids[1]);
    expect((await reader.nextEvent()).id).toBe(ids[2]);
    await reader.cancel();
  });

  it('puts an id on every event, in order, across snapshot, held and live events', async () => {
    const bus = createFakeBus({ maxEventsPerTopic: 5 });
    await publishRides(bus, 7);
    const slow = createDeferred<SseSnapshotEvent[]>();
    const h = openStream({ bus, lastEventId: '1-0', snapshot: () => slow.promise });
    const reader = createSseReader(h.stream);
    await waitFor(() => bus.subscriptions() === 1, 'subscription');
    await publishRides(bus, 5);
    slow.resolve([RIDE, RIDE]);
    await publishRides(bus, 5);

    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await reader.nextEvent()).id);
    expect(ids.slice(0, 2)).toEqual(['7-0', '7-0']);
    for (let i = 1; i < ids.length; i++) expect(compareIds(ids[i - 1] ?? '', ids[i] ?? '')).toBeLessThanOrEqual(0);
    expect(new Set(ids.slice(1)).size).toBe(11);
    await reader.cancel();
  });
});

describe('createSseStream: heartbeat', () => {
  it('sends a comment at least every heartbeat interval, from one shared timer', async () => {
    vi.useFakeTimers();
    const heartbeat = createHeartbeat(1000);
    const a = openStream({ heartbeat });
    const b = openStream({ heartbeat });
    const readerA = createSseReader(a.stream);
    const readerB = createSseReader(b.stream);
    await readerA.nextEvent();
    await readerB.nextEvent();
    expect(heartbeat.size()).toBe(2);
    expect(vi.getTimerCount()).toBe(1);

    for (let beat = 0; beat < 3; beat++) {
      vi.advanceTimersByTime(1000);
      expect((await readerA.next())?.comments).toEqual(['keep-alive']);
      expect((await readerB.next())?.comments).toEqual(['keep-alive']);
    }
    await readerA.cancel();
    await readerB.cancel();
    expect(heartbeat.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
