import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { haversineMeters } from '@/lib/city/geo';
import { type LatLng } from '@/lib/protocol/common';
import { type Ride } from '@/lib/protocol/ride';
import { DRIVER_ID, type SimHarness, createSimHarness, makeRide } from './testing/sim-harness';

const pointOf = (frame: Record<string, unknown>): LatLng => ({ lat: frame.lat as number, lng: frame.lng as number });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A road node `min`–`max` metres from `from`, nudged ~11 m off the road like a real address. */
function placeNear(h: SimHarness, from: LatLng, min: number, max: number): LatLng {
  for (let i = 0; i < h.graph.nodeCount; i++) {
    const p = h.graph.node(i);
    const d = haversineMeters(from, p);
    if (d >= min && d <= max) return { lat: p.lat + 0.0001, lng: p.lng };
  }
  throw new Error('no node at that distance');
}

/** Online, cruising a little, then holding an accepted ride. */
function acceptedRide(h: SimHarness): { ride: Ride; acceptedAt: number; from: LatLng } {
  h.driver.start();
  h.connect();
  h.run(20_000);
  const here = h.driver.snapshot().position;
  const pickup = placeNear(h, here, 1200, 1800);
  const dropoff = placeNear(h, pickup, 2000, 2600);
  const ride = makeRide({ id: 'ride-1', pickup, dropoff });
  h.offer('offer-1', ride);
  h.run(6000, () => h.of('offer.accept').length > 0);
  expect(h.of('offer.accept')).toHaveLength(1);
  const accepted: Ride = { ...ride, status: 'accepted', driverId: DRIVER_ID };
  const from = h.driver.snapshot().position;
  const acceptedAt = Date.now();
  h.ride(accepted);
  return { ride: accepted, acceptedAt, from };
}

const sent = (h: SimHarness, type: string) => () => h.of(type).length > 0;
const lastLocationBefore = (h: SimHarness, type: string) => {
  const index = h.frames.findIndex((f) => f.frame.type === type);
  return h.frames.slice(0, index).filter((f) => f.frame.type === 'location').at(-1);
};

describe('simulated driver: rides', () => {
  it('drives an accepted ride: arrived at the pickup, start 3–8 s later, complete at the dropoff', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    const { ride, acceptedAt, from } = acceptedRide(h);
    expect(h.driver.snapshot()).toMatchObject({ mode: 'to_pickup', rideId: 'ride-1' });

    h.run(30 * 60_000, sent(h, 'ride.arrived'));
    h.ride({ ...ride, status: 'arrived' }); // the server's echo changes nothing
    h.run(30 * 60_000, sent(h, 'ride.start'));
    h.ride({ ...ride, status: 'in_progress' });
    h.run(30 * 60_000, sent(h, 'ride.complete'));
    h.ride({ ...ride, status: 'completed' });

    const rideFrames = h.frames.filter((f) => f.frame.type.startsWith('ride.'));
    expect(rideFrames.map((f) => f.frame.type)).toEqual(['ride.arrived', 'ride.start', 'ride.complete']);
    for (const f of rideFrames) expect(f.frame).toMatchObject({ rideId: 'ride-1', ref: expect.any(String) });
    const [arrived, started, completed] = rideFrames as [typeof rideFrames[0], typeof rideFrames[0], typeof rideFrames[0]];

    // It reports from the pickup as it arrives, having driven the fastest route there.
    const atPickup = lastLocationBefore(h, 'ride.arrived');
    expect(haversineMeters(pointOf(atPickup!.frame), ride.pickup)).toBeLessThan(1);
    expect(atPickup!.at).toBe(arrived.at);
    const expected = h.graph.shortestPath(from, ride.pickup).durationSeconds * 1000;
    expect(Math.abs(arrived.at - acceptedAt - expected)).toBeLessThan(1500);

    // It waits at the pickup, stationary, for 3–8 s.
    expect(started.at - arrived.at).toBeGreaterThanOrEqual(3000);
    expect(started.at - arrived.at).toBeLessThanOrEqual(8000);
    for (const f of h.frames.filter((x) => x.frame.type === 'location' && x.at > arrived.at && x.at < started.at)) {
      expect(haversineMeters(pointOf(f.frame), ride.pickup)).toBeLessThan(1);
      expect(f.frame.speed).toBe(0);
    }

    const atDropoff = lastLocationBefore(h, 'ride.complete');
    expect(haversineMeters(pointOf(atDropoff!.frame), ride.dropoff)).toBeLessThan(1);
    expect(completed.at).toBeGreaterThan(started.at);
    expect(h.driver.snapshot()).toMatchObject({ mode: 'cruising', rideId: null });

    // …and then cruises on.
    h.run(60_000);
    expect(haversineMeters(pointOf(h.of('location').at(-1)!.frame), ride.dropoff)).toBeGreaterThan(50);
    h.driver.stop();
  });

  it('goes back to cruising when the rider cancels on the way', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    const { ride } = acceptedRide(h);
    h.run(10_000);
    h.ride({ ...ride, status: 'cancelled' });
    expect(h.driver.snapshot()).toMatchObject({ mode: 'cruising', rideId: null });
    h.run(20 * 60_000);
    expect(h.frames.filter((f) => f.frame.type.startsWith('ride.'))).toEqual([]);
    h.driver.stop();
  });

  it('does not start a trip the rider cancelled while it waited at the pickup', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    const { ride } = acceptedRide(h);
    h.run(30 * 60_000, sent(h, 'ride.arrived'));
    h.ride({ ...ride, status: 'cancelled' });
    h.run(60_000);
    expect(h.frames.filter((f) => f.frame.type.startsWith('ride.')).map((f) => f.frame.type)).toEqual(['ride.arrived']);
    expect(h.driver.snapshot().mode).toBe('cruising');
    h.driver.stop();
  });

  it('gives up the ride when the server refuses a step', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    acceptedRide(h);
    h.run(30 * 60_000, sent(h, 'ride.arrived'));
    const ref = h.of('ride.arrived')[0]!.frame.ref;
    h.socket().message({ type: 'error', ref, code: 'INVALID_TRANSITION', message: 'ride is cancelled' });
    h.run(60_000);
    expect(h.of('ride.start')).toEqual([]);
    expect(h.driver.snapshot()).toMatchObject({ mode: 'cruising', rideId: null });
    h.driver.stop();
  });

  it('ignores rides that are not its own', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    h.ride(makeRide({ status: 'accepted', driverId: 'someone-else', pickup: h.graph.node(0), dropoff: h.graph.node(1) }));
    expect(h.driver.snapshot()).toMatchObject({ mode: 'cruising', rideId: null });
    h.driver.stop();
  });

  it('keeps driving while offline and sends the missed steps, in order, after reconnecting', () => {
    let blocked = false;
    const h = createSimHarness({ behaviour: { acceptProbability: 1 }, failConnect: () => blocked });
    acceptedRide(h);
    blocked = true;
    const first = h.socket();
    first.serverClose(1006);
    h.run(30 * 60_000, () => h.driver.snapshot().mode !== 'to_pickup');
    expect(h.driver.snapshot().mode).toBe('at_pickup');
    blocked = false;
    const sockets = h.kit.instances.length;
    h.run(60_000, () => h.kit.instances.length > sockets);
    h.connect();
    const onNew = h.frames.filter((f) => f.socket === h.kit.instances.length - 1).map((f) => f.frame.type);
    expect(onNew.slice(0, 4)).toEqual(['resume', 'driver.online', 'location', 'ride.arrived']);
    h.run(30 * 60_000, sent(h, 'ride.complete'));
    expect(h.frames.filter((f) => f.frame.type.startsWith('ride.')).map((f) => f.frame.type))
      .toEqual(['ride.arrived', 'ride.start', 'ride.complete']);
    h.driver.stop();
  });
});
