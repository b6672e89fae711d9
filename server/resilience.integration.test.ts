/**
 * What must survive: surge feeding the fare, a kill -9 right after an ack, and an instance
 * dying while its offers are open (another instance's sweeper moves dispatch on).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, openStream, signIn, TestSocket, type Session } from '@/lib/testing/clients';
import { externalServiceUrl, needs } from '@/lib/testing/external-service';
import { startServerProcess, type ServerProcess } from '@/lib/testing/server-process';

const PICKUP = { lat: 37.7712, lng: -122.4188 };
const DROPOFF = { lat: 37.7801, lng: -122.4071 };
interface Ride { id: string; status: string; surge: number; fare: { amount: number } }

async function driverAt(base: string, name: string, metersNorth: number): Promise<{ session: Session; socket: TestSocket }> {
  const session = await signIn(base, 'driver', name);
  const socket = await TestSocket.open(base, session);
  await socket.request({ type: 'driver.online', online: true });
  await socket.request({ type: 'location', lat: PICKUP.lat + metersNorth / 111_320, lng: PICKUP.lng });
  return { session, socket };
}

describe('surge', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ SURGE_INTERVAL_MS: '1000', REDIS_URL: '', DATABASE_URL: '' });
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('rises where demand outstrips supply, streams the changed cell, and prices the next ride at the pickup\'s multiplier', async () => {
    const watcher = await signIn(server.url, 'rider', 'Watcher');
    const stream = await openStream(`${server.url}/api/surge/stream`, { cookie: watcher.cookie });
    expect(JSON.parse((await stream.reader.nextEvent()).data)).toMatchObject({ full: true, cells: [] });
    // Four riders, no driver: demand 4 against supply 0 in one cell.
    let unsurged = 0;
    for (let i = 0; i < 4; i++) {
      const rider = await signIn(server.url, 'rider', `Demand ${i}`);
      const created = await api<{ ride: Ride }>(server.url, rider, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
      expect(created.status).toBe(201);
      // Before any demand there is no surge; rounds may run between the later requests.
      if (i === 0) {
        expect(created.body.ride.surge).toBe(1);
        unsurged = created.body.ride.fare.amount;
      }
    }
    const change = JSON.parse((await stream.reader.nextEvent()).data) as { full: boolean; cells: Array<{ h3: string; multiplier: number }> };
    expect(change.full).toBe(false);
    expect(change.cells.length).toBeGreaterThan(0);
    const top = Math.max(...change.cells.map((cell) => cell.multiplier));
    // Smoothed: at most 0.3 up per round from 1.0.
    expect(top).toBeGreaterThan(1);
    expect(top).toBeLessThanOrEqual(1.3 + 1e-9);

    const late = await signIn(server.url, 'rider', 'Late');
    const { body } = await api<{ ride: Ride }>(server.url, late, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
    expect(body.ride.surge).toBeGreaterThan(1);
    // Same trip as the four before it (quoted at 1.0), times the surge, to the cent.
    expect(body.ride.fare.amount).toBe(Math.round((Math.round(unsurged * 100) * Math.round(body.ride.surge * 100)) / 100) / 100);
    // A fresh subscriber's snapshot carries the surging cells.
    const fresh = await openStream(`${server.url}/api/surge/stream`, { cookie: watcher.cookie });
    const snapshot = JSON.parse((await fresh.reader.nextEvent()).data) as { full: boolean; cells: unknown[] };
    expect(snapshot.full).toBe(true);
    expect(snapshot.cells.length).toBeGreaterThan(0);
    stream.abort();
    fresh.abort();
  });
});

describe('durability', () => {
  it('keeps what was acknowledged when the server is killed with SIGKILL right after the ack', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'curbside-kill-'));
    const env = { DATA_DIR: dataDir, REDIS_URL: '', DATABASE_URL: '' };
    let server = await startServerProcess(env);
    const rider = await signIn(server.url, 'rider', 'Kim');
    const driver = await driverAt(server.url, 'Kit', 100);
    const { body } = await api<{ ride: Ride }>(server.url, rider, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
    const offer = await driver.socket.next((f) => f.type === 'offer', 'offer');
    await driver.socket.request({ type: 'offer.accept', offerId: offer.offerId as string });
    const ack = await driver.socket.request({ type: 'chat.send', rideId: body.ride.id, clientId: 'k-1', body: 'acked, then killed' });
    expect(ack.seq).toBe(1);
    expect(await server.stop('SIGKILL')).toBeNull();

    server = await startServerProcess(env);
    try {
      // Same data folder: same session key, same database.
      expect((await api<{ ride: Ride }>(server.url, rider, 'GET', `/api/rides/${body.ride.id}`)).body.ride.status).toBe('accepted');
      // The live ride's rider and driver were remembered at start, so their streams' reconnects skip a read.
      expect(server.logs).toContainEqual(expect.objectContaining({ event: 'ride_access.warm', remembered: 2 }));
      const socket = await TestSocket.open(server.url, rider);
      await socket.request({ type: 'resume', chat: { [body.ride.id]: 0 } });
      const message = await socket.next((f) => f.type === 'chat', 'the acknowledged message');
      expect(message).toMatchObject({ seq: 1, clientId: 'k-1', body: 'acked, then killed', from: driver.session.user.id });
      socket.close();
    } finally {
      await server.stop('SIGKILL');
    }
  });
});

const redisUrl = externalServiceUrl('REDIS_URL');
const databaseUrl = externalServiceUrl('DATABASE_URL');

describe.skipIf(!redisUrl || !databaseUrl)(`two instances on one database ${needs('REDIS_URL', redisUrl)} ${needs('DATABASE_URL', databaseUrl)}`, () => {
  const schema = `two_inst_${randomUUID().slice(0, 8)}`;
  const withSchema = () => {
    const url = new URL(databaseUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  };
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  beforeAll(() => admin(`CREATE SCHEMA ${schema}`));
  afterAll(() => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));

  it('delivers across instances, and a surviving instance expires the offers of one that died', async () => {
    const sessionSecret = randomUUID() + randomUUID();
    const env = {
      DATABASE_URL: withSchema(), REDIS_URL: redisUrl!, REDIS_PREFIX: `${schema}:`, SESSION_SECRET: sessionSecret, OFFER_TTL_MS: '3000',
    };
    const a = await startServerProcess(env);
    const b = await startServerProcess(env);
    try {
      const rider = await signIn(a.url, 'rider', 'Ana');
      const near = await driverAt(b.url, 'Near', 100);
      const far = await driverAt(b.url, 'Far', 900);
      const stream = await openStream(`${b.url}/api/rides/pending/stream`, { cookie: rider.cookie });
      expect(stream.response.status).toBe(404);

      // Requested on A; dispatch (A) offers to a driver connected to B, through the bus.
      const { body } = await api<{ ride: Ride }>(a.url, rider, 'POST', '/api/rides', { pickup: PICKUP, dropoff: DROPOFF });
      const offer = await near.socket.next((f) => f.type === 'offer', 'offer across instances');
      expect(offer).toMatchObject({ ride: { id: body.ride.id } });

      // A dies with the offer open; B's sweeper expires it and moves on.
      await a.stop('SIGKILL');
      const closed = await near.socket.next((f) => f.type === 'offer.closed' && f.offerId === offer.offerId, 'expiry by B', 15_000);
      expect(closed.reason).toBe('expired');
      const next = await far.socket.next((f) => f.type === 'offer', 'the next driver', 15_000);
      await far.socket.request({ type: 'offer.accept', offerId: next.offerId as string });
      const ride = await api<{ ride: Ride }>(b.url, rider, 'GET', `/api/rides/${body.ride.id}`);
      expect(ride.body.ride).toMatchObject({ status: 'accepted', driverId: far.session.user.id });
    } finally {
      await a.stop('SIGKILL');
      await b.stop('SIGKILL');
    }
  });
});
