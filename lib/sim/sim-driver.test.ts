import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { haversineMeters } from '@/lib/city/geo';
import { ROAD_SPEED_KMH } from '@/lib/city/road-graph';
import { type LatLng } from '@/lib/protocol/common';
import { DRIVER_ID, cityData, createSimHarness, makeRide, metresToSegment } from './testing/sim-harness';

const MAX_SPEED_MPS = ROAD_SPEED_KMH.major / 3.6;
const pointOf = (frame: Record<string, unknown>): LatLng => ({ lat: frame.lat as number, lng: frame.lng as number });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('simulated driver: cruising', () => {
  it('goes online, then reports locations every 1–4 s along the roads at a plausible speed', () => {
    const h = createSimHarness();
    h.driver.start();
    expect(h.frames).toEqual([]); // nothing is sent before the socket opens
    h.connect();
    expect(h.types().slice(0, 3)).toEqual(['resume', 'driver.online', 'location']);
    expect(h.frames[0]?.frame).toEqual({ type: 'resume', chat: {} });
    expect(h.frames[1]?.frame).toEqual({ type: 'driver.online', online: true });

    h.run(5 * 60_000);
    const fixes = h.of('location');
    expect(fixes.length).toBeGreaterThan(5 * 60 / 4);
    expect(fixes.length).toBeLessThan(5 * 60 + 2);

    const { nodes, edges } = cityData();
    const node = (i: number): LatLng => ({ lat: (nodes[i] as [number, number])[1], lng: (nodes[i] as [number, number])[0] });
    let travelled = 0;
    fixes.forEach((fix, i) => {
      const p = pointOf(fix.frame);
      expect(Math.min(...edges.map(([a, b]) => metresToSegment(p, node(a), node(b))))).toBeLessThan(1);
      expect(fix.frame.speed as number).toBeGreaterThanOrEqual(0);
      expect(fix.frame.speed as number).toBeLessThanOrEqual(MAX_SPEED_MPS + 0.1);
      expect(fix.frame.heading as number).toBeGreaterThanOrEqual(0);
      expect(fix.frame.heading as number).toBeLessThan(360);
      if (i === 0) return;
      const prev = fixes[i - 1]!;
      const dt = fix.at - prev.at;
      // The first fix is the on-open one; after that the tick decides.
      if (i > 1) {
        expect(dt).toBeGreaterThanOrEqual(1000);
        expect(dt).toBeLessThanOrEqual(4000);
      }
      const metres = haversineMeters(pointOf(prev.frame), p);
      expect(metres / Math.max(dt / 1000, 1e-3)).toBeLessThanOrEqual(MAX_SPEED_MPS * 1.01 + 0.2);
      travelled += metres;
    });
    expect(travelled).toBeGreaterThan(500);
    expect(h.driver.snapshot()).toMatchObject({ status: 'online', mode: 'cruising', userId: DRIVER_ID });
    h.driver.stop();
  });

  it('answers ping with pong', () => {
    const h = createSimHarness();
    h.driver.start();
    h.connect();
    h.socket().message({ type: 'ping' });
    expect(h.types().at(-1)).toBe('pong');
    h.driver.stop();
  });

  it('survives garbage from the server', () => {
    const h = createSimHarness();
    h.driver.start();
    h.connect();
    for (const raw of ['not json', '{"type":"offer"}', '[]', 'null', '{"type":"nope"}']) h.socket().message(raw);
    vi.advanceTimersByTime(10_000);
    expect(h.driver.snapshot().status).toBe('online');
    expect(h.logs.filter((l) => l.event === 'unreadable frame')).toHaveLength(5);
    h.driver.stop();
  });
});

describe('simulated driver: offers', () => {
  const somewhere = () => ({ pickup: { lat: 37.77, lng: -122.42 }, dropoff: { lat: 37.78, lng: -122.41 } });

  it('accepts after a human pause of 1.5–6 s, with a ref', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    const offeredAt = Date.now();
    h.offer('offer-1', makeRide(somewhere()));
    vi.advanceTimersByTime(1499);
    expect(h.of('offer.accept')).toEqual([]);
    vi.advanceTimersByTime(6000 - 1499);
    const [accept, ...more] = h.of('offer.accept');
    expect(more).toEqual([]);
    expect(accept?.frame).toMatchObject({ type: 'offer.accept', offerId: 'offer-1', ref: expect.any(String) });
    expect(accept!.at - offeredAt).toBeGreaterThanOrEqual(1500);
    expect(accept!.at - offeredAt).toBeLessThanOrEqual(6000);
    h.driver.stop();
  });

  it('rejects when it decides not to take the ride', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 0 } });
    h.driver.start();
    h.connect();
    h.offer('offer-1', makeRide(somewhere()));
    vi.advanceTimersByTime(6000);
    expect(h.of('offer.accept')).toEqual([]);
    expect(h.of('offer.reject').map((f) => f.frame.offerId)).toEqual(['offer-1']);
    h.driver.stop();
  });

  it('accepts most offers with the default odds (seeded, so the count is stable)', () => {
    const h = createSimHarness({ seed: 7 });
    h.driver.start();
    h.connect();
    for (let i = 0; i < 40; i++) {
      h.offer(`offer-${i}`, makeRide({ ...somewhere(), id: `ride-${i}` }));
      vi.advanceTimersByTime(6000);
      // Someone else got it: this releases the claim an accept holds.
      h.socket().message({ type: 'offer.closed', offerId: `offer-${i}`, reason: 'taken' });
    }
    const accepted = h.of('offer.accept').length;
    const rejected = h.of('offer.reject').length;
    expect(accepted + rejected).toBe(40);
    expect(accepted).toBeGreaterThanOrEqual(28);
    expect(rejected).toBeGreaterThanOrEqual(1);
    h.driver.stop();
  });

  it('drops an offer that closes before it answers', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    h.offer('offer-1', makeRide(somewhere()));
    vi.advanceTimersByTime(1000);
    h.socket().message({ type: 'offer.closed', offerId: 'offer-1', reason: 'expired' });
    vi.advanceTimersByTime(20_000);
    expect([...h.of('offer.accept'), ...h.of('offer.reject')]).toEqual([]);
    expect(h.driver.snapshot().pendingOffers).toBe(0);
    h.driver.stop();
  });

  it('answers a repeated offer once, and ignores one that already expired', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    h.offer('offer-1', makeRide(somewhere()));
    h.offer('offer-1', makeRide(somewhere()));
    h.offer('offer-2', makeRide(somewhere()), -1000);
    vi.advanceTimersByTime(10_000);
    expect(h.of('offer.accept').map((f) => f.frame.offerId)).toEqual(['offer-1']);
    expect(h.of('offer.reject')).toEqual([]);
    h.driver.stop();
  });

  it('declines a second offer while its accept of the first is unconfirmed', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    h.offer('offer-1', makeRide({ ...somewhere(), id: 'ride-1' }));
    vi.advanceTimersByTime(6000);
    h.offer('offer-2', makeRide({ ...somewhere(), id: 'ride-2' }));
    vi.advanceTimersByTime(6000);
    expect(h.of('offer.accept').map((f) => f.frame.offerId)).toEqual(['offer-1']);
    expect(h.of('offer.reject').map((f) => f.frame.offerId)).toEqual(['offer-2']);
    h.driver.stop();
  });
});
