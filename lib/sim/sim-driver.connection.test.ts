import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSimHarness, makeRide } from './testing/sim-harness';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const somewhere = { pickup: { lat: 37.77, lng: -122.42 }, dropoff: { lat: 37.78, lng: -122.41 } };

describe('simulated driver: connection', () => {
  it('reconnects with capped full-jitter backoff, then announces itself again', () => {
    const failures = 9;
    const h = createSimHarness({ failConnect: (attempt) => attempt >= 2 && attempt < 2 + failures });
    h.driver.start();
    h.connect();
    const closedAt = Date.now();
    h.socket().serverClose(1006);
    expect(h.driver.snapshot().status).toBe('waiting');
    h.run(5 * 60_000, () => h.connectTimes.length >= 2 + failures);
    expect(h.connectTimes).toHaveLength(2 + failures);

    // Attempt n waits a uniform time in [0, min(30 s, 1 s · 2^n)].
    const gaps = h.connectTimes.slice(1).map((t, i) => t - (i === 0 ? closedAt : (h.connectTimes[i] as number)));
    gaps.forEach((gap, n) => {
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** n));
    });
    expect(gaps.some((gap, n) => gap < 0.8 * Math.min(30_000, 1000 * 2 ** n))).toBe(true); // jittered, not fixed
    expect(h.logs.filter((l) => l.event === 'connect failed')).toHaveLength(failures);

    // The last attempt got a socket: it re-announces on open.
    const socketIndex = h.kit.instances.length - 1;
    h.connect();
    expect(h.frames.filter((f) => f.socket === socketIndex).map((f) => f.frame)).toEqual([
      { type: 'resume', chat: {} },
      { type: 'driver.online', online: true },
      expect.objectContaining({ type: 'location' }),
    ]);
    expect(h.driver.snapshot()).toMatchObject({ status: 'online', reconnects: 1 });

    // `hello` proved the session works: the next drop starts from the 1 s ceiling again.
    const again = Date.now();
    const before = h.connectTimes.length;
    h.socket().serverClose(1012);
    h.run(10_000, () => h.connectTimes.length > before);
    expect((h.connectTimes.at(-1) as number) - again).toBeLessThanOrEqual(1000);
    h.driver.stop();
  });

  it('drops pending offers on disconnect and answers the re-sent one once', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    h.offer('offer-1', makeRide(somewhere));
    h.socket().serverClose(1006);
    h.run(5000, () => h.kit.instances.length > 1);
    h.connect();
    h.offer('offer-1', makeRide(somewhere)); // the server re-sends open offers after resume
    h.run(10_000);
    expect(h.of('offer.accept').map((f) => [f.socket, f.frame.offerId])).toEqual([[1, 'offer-1']]);
    h.driver.stop();
  });

  it('treats two silent heartbeat intervals as a dead connection', () => {
    const h = createSimHarness();
    h.driver.start();
    h.connect(1000);
    vi.advanceTimersByTime(1999);
    expect(h.socket().closeCalls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(h.socket().closeCalls).toEqual([{ code: 4000, reason: 'heartbeat timeout' }]);
    vi.advanceTimersByTime(1000);
    expect(h.kit.instances).toHaveLength(2);
    expect(h.kit.peakLive()).toBe(1);
    h.driver.stop();
  });

  it('keeps the connection while the server pings', () => {
    const h = createSimHarness();
    h.driver.start();
    h.connect(1000);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1000);
      h.socket().message({ type: 'ping' });
    }
    expect(h.kit.instances).toHaveLength(1);
    expect(h.of('pong')).toHaveLength(20);
    h.driver.stop();
  });

  it('stop() says offline, closes the socket and leaves no timers, even mid-ride with an offer pending', () => {
    const h = createSimHarness({ behaviour: { acceptProbability: 1 } });
    h.driver.start();
    h.connect();
    h.ride(makeRide({ ...somewhere, id: 'ride-9', status: 'accepted', driverId: 'driver-1' }));
    h.offer('offer-2', makeRide({ ...somewhere, id: 'ride-2' }));
    h.run(3000);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    h.driver.stop();
    expect(h.frames.at(-1)?.frame).toEqual({ type: 'driver.online', online: false });
    expect(h.socket().closeCalls).toEqual([{ code: 1000, reason: 'simulator stopped' }]);
    expect(vi.getTimerCount()).toBe(0);
    const sent = h.frames.length;
    vi.advanceTimersByTime(10 * 60_000);
    expect(h.frames).toHaveLength(sent);
    expect(h.kit.instances).toHaveLength(1);
    expect(h.driver.snapshot().status).toBe('stopped');
  });

  it('stop() during a backoff wait cancels the reconnect', () => {
    const h = createSimHarness();
    h.driver.start();
    h.connect();
    h.socket().serverClose(1006);
    h.driver.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(h.kit.instances).toHaveLength(1);
  });

  it('ignores a socket it has already replaced', () => {
    const h = createSimHarness();
    h.driver.start();
    h.connect(1000);
    // Keep the old socket's handlers, as a late event already queued by the runtime would.
    const { onmessage, onclose } = h.socket();
    vi.advanceTimersByTime(2000); // heartbeat timeout: the client drops the old socket itself
    vi.advanceTimersByTime(1000);
    h.connect();
    const sent = h.frames.length;
    onmessage?.(new MessageEvent('message', { data: JSON.stringify({ type: 'ping' }) }));
    onclose?.(new Event('close') as CloseEvent);
    expect(h.frames).toHaveLength(sent);
    expect(h.kit.instances).toHaveLength(2);
    h.driver.stop();
  });
});
