/**
 * A whole ride driven by test clients over the real HTTP, SSE and WebSocket endpoints of the
 * server process, on the embedded defaults and (when set) on REDIS_URL + DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openStream, signIn, TestSocket, type Session } from '@/lib/testing/clients';
import { externalServiceUrl, needs } from '@/lib/testing/external-service';
import { startServerProcess, type ServerProcess } from '@/lib/testing/server-process';

const PICKUP = { lat: 37.7749, lng: -122.4194 };
const DROPOFF = { lat: 37.7849, lng: -122.4094 };
const near = (meters: number) => ({ lat: PICKUP.lat + meters / 111_320, lng: PICKUP.lng });

interface Ride { id: string; status: string; driverId: string | null; riderId: string; fare: { amount: number }; createdAt: string }

async function onlineDriver(base: string, name: string, meters: number): Promise<{ session: Session; socket: TestSocket }> {
  const session = await signIn(base, 'driver', name);
  const socket = await TestSocket.open(base, session);
  await socket.request({ type: 'driver.online', online: true });
  await socket.request({ type: 'location', ...near(meters), heading: 90, speed: 0 });
  return { session, socket };
}

async function offline(...drivers: Array<{ socket: TestSocket }>) {
  for (const { socket } of drivers) {
    await socket.request({ type: 'driver.online', online: false }).catch(() => undefined);
    socket.close();
  }
}

function rideFlowSuite(label: string, env: () => Record<string, string>) {
  describe(label, () => {
    let server: ServerProcess;
    let base: string;
    beforeAll(async () => {
      server = await startServerProcess({ OFFER_TTL_MS: '3000', DISPATCH_TIMEOUT_MS: '5000', SIM_DRIVERS: '0', ...env() });
      base = server.url;
    }, 60_000);
    afterAll(async () => {
      await server?.stop('SIGKILL');
    });

    it('request → offer → decline → second driver accepts → locations → chat with a reconnect → arrived → start → complete', async () => {
      const rider = await signIn(base, 'rider', 'Rae');
      const near1 = await onlineDriver(base, 'Dee', 100);
      const near2 = await onlineDriver(base, 'Dan', 600);

      const quote = await api<{ quote: { surge: number; fare: { amount: number }; distanceMeters: number; route: unknown[] } }>(
        base, rider, 'POST', '/api/quote', { pickup: PICKUP, dropoff: DROPOFF });
      expect(quote.status).toBe(200);
      expect(quote.body.quote.distanceMeters).toBeGreaterThan(1000);
      expect(quote.body.quote.route.length).toBeGreaterThan(2);
      const created = await api<{ ride: Ride }>(base, rider, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
      expect(created.status).toBe(201);
      const ride = created.body.ride;
      expect(ride.fare).toEqual(quote.body.quote.fare);
      expect(ride).toMatchObject({ status: 'requested', riderId: rider.user.id, driverId: null, surge: 1 });
      expect(ride.fare.amount).toBeGreaterThan(0);

      const stream = await openStream(`${base}/api/rides/${ride.id}/stream`, { cookie: rider.cookie });
      expect(stream.response.status).toBe(200);
      const first = await stream.reader.nextEvent();
      expect(first.event).toBe('ride');
      expect(JSON.parse(first.data)).toMatchObject({ id: ride.id, status: 'requested', driverLocation: null });

      // The nearest driver is offered first, with the server's countdown.
      const offer1 = await near1.socket.next((f) => f.type === 'offer', 'the first offer');
      expect(offer1).toMatchObject({ ride: { id: ride.id } });
      const ttl = Date.parse(String(offer1.expiresAt)) - Date.now();
      expect(ttl).toBeGreaterThan(1000);
      expect(ttl).toBeLessThanOrEqual(3500);
      await near1.socket.request({ type: 'offer.reject', offerId: offer1.offerId as string });
      await near1.socket.next((f) => f.type === 'offer.closed' && f.offerId === offer1.offerId && f.reason === 'rejected', 'offer.closed rejected');

      const offer2 = await near2.socket.next((f) => f.type === 'offer', 'the second offer');
      expect(offer2.offerId).not.toBe(offer1.offerId);
      const accepted = await near2.socket.request({ type: 'offer.accept', offerId: offer2.offerId as string });
      expect(accepted.rideId).toBe(ride.id);
      await near2.socket.next((f) => f.type === 'offer.closed' && f.reason === 'accepted', 'offer.closed accepted');
      // A second accept, or the declined driver's, gets OFFER_CLOSED / NOT_FOUND.
      await expect(near2.socket.request({ type: 'offer.accept', offerId: offer2.offerId as string })).rejects.toMatchObject({ code: 'OFFER_CLOSED' });
      await expect(near1.socket.request({ type: 'offer.accept', offerId: offer1.offerId as string })).rejects.toMatchObject({ code: 'OFFER_CLOSED' });

      let event = await stream.reader.nextEvent();
      expect(event.event).toBe('ride');
      expect(JSON.parse(event.data)).toMatchObject({ status: 'accepted', driverId: near2.session.user.id });

      // Locations reach the rider's stream, in order.
      for (let i = 1; i <= 3; i++) await near2.socket.request({ type: 'location', ...near(600 - i * 4), heading: 180, speed: 8 });
      const locations = [];
      while (locations.length < 3) {
        event = await stream.reader.nextEvent();
        if (event.event === 'location') locations.push(JSON.parse(event.data) as { driverId: string; lat: number });
      }
      expect(locations.map((l) => l.driverId)).toEqual(Array(3).fill(near2.session.user.id));
      expect(locations.map((l) => l.lat)).toEqual([1, 2, 3].map((i) => near(600 - i * 4).lat));

      // Chat both ways, with the rider disconnected in the middle.
      let riderSocket = await TestSocket.open(base, rider);
      const hello = await riderSocket.request({ type: 'chat.send', rideId: ride.id, clientId: 'c-1', body: 'Hi, I am at the corner' });
      expect(hello.seq).toBe(1);
      await near2.socket.next((f) => f.type === 'chat' && f.seq === 1, 'chat 1 at the driver');
      await near2.socket.request({ type: 'chat.send', rideId: ride.id, clientId: 'd-1', body: 'On my way' });
      await riderSocket.next((f) => f.type === 'chat' && f.seq === 2, 'chat 2 at the rider');
      riderSocket.close();
      await riderSocket.closed;
      await near2.socket.request({ type: 'chat.send', rideId: ride.id, clientId: 'd-2', body: 'Two minutes' });
      await near2.socket.request({ type: 'chat.send', rideId: ride.id, clientId: 'd-3', body: 'Blue car' });
      riderSocket = await TestSocket.open(base, rider);
      await riderSocket.request({ type: 'resume', chat: { [ride.id]: 2 } });
      await riderSocket.next((f) => f.type === 'chat' && f.seq === 4, 'resumed chat');
      const resumed = riderSocket.frames.filter((f) => f.type === 'chat').map((f) => [f.seq, f.body]);
      expect(resumed).toEqual([[3, 'Two minutes'], [4, 'Blue car']]);
      // A resend with the same clientId returns the stored message; no second one is made.
      const again = await riderSocket.request({ type: 'chat.send', rideId: ride.id, clientId: 'c-1', body: 'Hi, I am at the corner' });
      expect(again.seq).toBe(1);
      const fresh = await riderSocket.request({ type: 'chat.send', rideId: ride.id, clientId: 'c-2', body: 'See you' });
      expect(fresh.seq).toBe(5);

      // Out-of-order steps are refused; the right order moves the ride on, on every screen.
      await expect(near2.socket.request({ type: 'ride.complete', rideId: ride.id })).rejects.toMatchObject({ code: 'CONFLICT' });
      for (const [step, status] of [['ride.arrived', 'arrived'], ['ride.start', 'in_progress'], ['ride.complete', 'completed']] as const) {
        expect((await near2.socket.request({ type: step, rideId: ride.id })).status).toBe(status);
        do event = await stream.reader.nextEvent(); while (event.event !== 'ride');
        expect(JSON.parse(event.data)).toMatchObject({ status });
        await riderSocket.next((f) => f.type === 'ride' && (f.ride as Ride).status === status, `ride ${status} at the rider`);
      }
      expect((await api<{ ride: Ride }>(base, rider, 'GET', `/api/rides/${ride.id}`)).body.ride.status).toBe('completed');
      // Chat is closed with the ride; the rider may request again.
      await expect(riderSocket.request({ type: 'chat.send', rideId: ride.id, clientId: 'c-3', body: 'Thanks' })).rejects.toMatchObject({ code: 'CONFLICT' });
      stream.abort();
      riderSocket.close();
      await offline(near1, near2);
    });

    it('an offer left alone expires at the server\'s time and goes to the next driver; none left → the rider can cancel', async () => {
      const rider = await signIn(base, 'rider', 'Ria');
      const a = await onlineDriver(base, 'Ann', 50);
      const b = await onlineDriver(base, 'Ben', 400);
      const { body } = await api<{ ride: Ride }>(base, rider, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
      const offer = await a.socket.next((f) => f.type === 'offer', 'offer to the nearest');
      const closed = await a.socket.next((f) => f.type === 'offer.closed' && f.offerId === offer.offerId, 'expiry', 8000);
      expect(closed.reason).toBe('expired');
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(String(offer.expiresAt)));
      const next = await b.socket.next((f) => f.type === 'offer', 'the next driver gets it');
      expect(next).toMatchObject({ ride: { id: body.ride.id } });
      const cancelled = await api<{ ride: Ride }>(base, rider, 'POST', `/api/rides/${body.ride.id}/cancel`);
      expect(cancelled.body.ride.status).toBe('cancelled');
      await b.socket.next((f) => f.type === 'offer.closed' && f.offerId === next.offerId && f.reason === 'cancelled', 'offer withdrawn');
      await offline(a, b);
    });

    it('re-sends an open offer after the driver reconnects, and lets exactly one of racing accepts win', async () => {
      const rider = await signIn(base, 'rider', 'Race');
      const driver = await onlineDriver(base, 'Racer', 80);
      const { body } = await api<{ ride: Ride }>(base, rider, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
      const offer = await driver.socket.next((f) => f.type === 'offer', 'the offer');
      driver.socket.close();
      await driver.socket.closed;
      const back = await TestSocket.open(base, driver.session);
      await back.request({ type: 'resume', chat: {} });
      const again = await back.next((f) => f.type === 'offer', 'the offer again after reconnect');
      expect(again).toMatchObject({ offerId: offer.offerId, expiresAt: offer.expiresAt, ride: { id: body.ride.id } });
      // Two accepts and a reject at once, as from two tabs: one accept wins, the rest are refused.
      const results = await Promise.allSettled([
        back.request({ type: 'offer.accept', offerId: offer.offerId as string }),
        back.request({ type: 'offer.accept', offerId: offer.offerId as string }),
        back.request({ type: 'offer.reject', offerId: offer.offerId as string }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as { code: string }).code))
        .toEqual(['OFFER_CLOSED', 'OFFER_CLOSED']);
      expect((await api<{ ride: Ride }>(base, rider, 'GET', `/api/rides/${body.ride.id}`)).body.ride.driverId).toBe(driver.session.user.id);

      // A flood of chat gets RATE_LIMITED past the burst; what was accepted stays gapless.
      const riderSocket = await TestSocket.open(base, rider);
      const sends = await Promise.allSettled(Array.from({ length: 14 }, (_, i) =>
        riderSocket.request({ type: 'chat.send', rideId: body.ride.id, clientId: `flood-${i}`, body: `m${i}` })));
      const acked = sends.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<{ seq?: unknown }>).value.seq);
      const refused = sends.filter((s) => s.status === 'rejected').map((s) => ((s as PromiseRejectedResult).reason as { code: string }).code);
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set(['RATE_LIMITED']));
      expect(acked).toEqual(Array.from({ length: acked.length }, (_, i) => i + 1));
      riderSocket.close();
      await api(base, rider, 'POST', `/api/rides/${body.ride.id}/cancel`);
      await offline({ socket: back });
    });

    it('expires a ride that finds no driver in time, on every screen', async () => {
      const rider = await signIn(base, 'rider', 'Alone');
      const { body } = await api<{ ride: Ride }>(base, rider, 'POST', '/api/rides', { pickup: { lat: 37.70, lng: -122.50 }, dropoff: DROPOFF });
      const stream = await openStream(`${base}/api/rides/${body.ride.id}/stream`, { cookie: rider.cookie });
      let event = await stream.reader.nextEvent();
      while (JSON.parse(event.data).status !== 'expired') event = await stream.reader.nextEvent();
      expect(Date.now() - Date.parse(body.ride.createdAt)).toBeGreaterThanOrEqual(4000);
      expect((await api<{ ride: Ride }>(base, rider, 'GET', '/api/rides/current')).body.ride).toBeNull();
      stream.abort();
    });

    it('authorises every endpoint for the ride\'s own rider and driver only', async () => {
      const owner = await signIn(base, 'rider', 'Owner');
      const stranger = await signIn(base, 'rider', 'Stranger');
      const driver = await onlineDriver(base, 'Drv', 100);
      const other = await onlineDriver(base, 'Oth', 5000);
      const { body } = await api<{ ride: Ride }>(base, owner, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
      const rideId = body.ride.id;
      const offer = await driver.socket.next((f) => f.type === 'offer', 'offer');
      // Another driver cannot touch this driver's offer.
      await expect(other.socket.request({ type: 'offer.accept', offerId: offer.offerId as string })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await driver.socket.request({ type: 'offer.accept', offerId: offer.offerId as string });

      expect((await api(base, stranger, 'GET', `/api/rides/${rideId}`)).status).toBe(403);
      expect((await api(base, stranger, 'POST', `/api/rides/${rideId}/cancel`)).status).toBe(403);
      expect((await fetch(`${base}/api/rides/${rideId}/stream`, { headers: { cookie: stranger.cookie } })).status).toBe(403);
      expect((await fetch(`${base}/api/rides/${rideId}/stream`, { headers: { cookie: other.session.cookie } })).status).toBe(403);
      expect((await api(base, null, 'GET', `/api/rides/${rideId}`)).status).toBe(401);
      expect((await api(base, driver.session, 'GET', `/api/rides/${rideId}`)).status).toBe(200);
      const strangerSocket = await TestSocket.open(base, stranger);
      await expect(strangerSocket.request({ type: 'chat.send', rideId, clientId: 'x', body: 'hello?' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await strangerSocket.request({ type: 'resume', chat: { [rideId]: 0 } });
      expect(strangerSocket.frames.some((f) => f.type === 'chat')).toBe(false);
      await expect(other.socket.request({ type: 'ride.arrived', rideId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(strangerSocket.request({ type: 'ride.arrived', rideId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      // The owner's cancel frees the driver and tells them.
      expect((await api<{ ride: Ride }>(base, owner, 'POST', `/api/rides/${rideId}/cancel`)).body.ride.status).toBe('cancelled');
      await driver.socket.next((f) => f.type === 'ride' && (f.ride as Ride).status === 'cancelled', 'the driver is told');
      strangerSocket.close();
      await offline(driver, other);
    });

    it('refuses bad input with clear errors and loses nothing', async () => {
      const rider = await signIn(base, 'rider', 'Bad');
      const post = (body: unknown) => api<{ error: { code: string } }>(base, rider, 'POST', '/api/rides', body);
      expect((await post('{nope')).body.error.code).toBe('BAD_JSON');
      expect((await post({ pickup: PICKUP })).status).toBe(400);
      expect((await post({ pickup: { lat: 'north', lng: 0 }, dropoff: DROPOFF })).body.error.code).toBe('INVALID');
      expect((await post({ pickup: { lat: 91, lng: 0 }, dropoff: DROPOFF })).body.error.code).toBe('INVALID');
      expect((await post({ pickup: PICKUP, dropoff: { lat: 0, lng: 181 } })).status).toBe(400);
      expect((await post({ pickup: PICKUP, dropoff: DROPOFF, pad: 'x'.repeat(5000) })).status).toBe(413);
      expect((await api(base, rider, 'GET', '/api/rides/r_unknown')).status).toBe(404);
      expect((await api(base, rider, 'GET', '/api/rides/..%2F..%2Fetc')).status).toBe(404);
      expect((await api(base, rider, 'POST', '/api/rides/r_unknown/cancel')).status).toBe(404);
      const driver = await signIn(base, 'driver', 'NotARider');
      expect((await api(base, driver, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF })).status).toBe(403);

      const first = await post({ pickup: PICKUP, dropoff: DROPOFF });
      expect(first.status).toBe(201);
      const second = await post({ pickup: PICKUP, dropoff: DROPOFF });
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('CONFLICT');
      const current = await api<{ ride: Ride }>(base, rider, 'GET', '/api/rides/current');
      expect(current.body.ride.id).toBe((first.body as unknown as { ride: Ride }).ride.id);

      const socket = await TestSocket.open(base, driver);
      await expect(socket.request({ type: 'location', lat: 95, lng: 0 })).rejects.toMatchObject({ code: 'INVALID' });
      await socket.request({ type: 'location', ...PICKUP });
      // A jump across the world in a second is not a real fix.
      await expect(socket.request({ type: 'location', lat: 40.7, lng: -74 })).rejects.toMatchObject({ code: 'INVALID' });
      await expect(socket.request({ type: 'offer.accept', offerId: 'o_unknown' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const riderSocket = await TestSocket.open(base, rider);
      await expect(riderSocket.request({ type: 'driver.online', online: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await api(base, rider, 'POST', `/api/rides/${(first.body as unknown as { ride: Ride }).ride.id}/cancel`);
      socket.close();
      riderSocket.close();
    });
  });
}

rideFlowSuite('ride flow on the embedded defaults (PGlite, in-process bus)', () => ({ REDIS_URL: '', DATABASE_URL: '' }));

const redisUrl = externalServiceUrl('REDIS_URL');
const databaseUrl = externalServiceUrl('DATABASE_URL');
const schema = `ride_flow_${randomUUID().slice(0, 8)}`;

describe.skipIf(!redisUrl || !databaseUrl)(`with Redis and PostgreSQL ${needs('REDIS_URL', redisUrl)} ${needs('DATABASE_URL', databaseUrl)}`, () => {
  beforeAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  });
  afterAll(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  const url = () => {
    const parsed = new URL(databaseUrl!);
    parsed.searchParams.set('options', `-c search_path=${schema}`);
    return parsed.toString();
  };
  rideFlowSuite('ride flow on Redis + PostgreSQL', () => ({ REDIS_URL: redisUrl!, REDIS_PREFIX: `${schema}:`, DATABASE_URL: url() }));
});
