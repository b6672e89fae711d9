/**
 * Bench-only: loaded into the real Curbside server with an extra `--import` (see
 * harness/targets.ts), so no production module carries benchmark code. Once server/main.ts has
 * put its services on globalThis, it answers the harness over IPC: stats, seeding rides
 * through the app's own database, publishing stamped events on the app's own bus, and
 * delivering chat messages the way lib/rides/chat.ts sendChat does after its commit.
 */
import { getServices, type Services } from '@/lib/server/services';
import { newId } from '@/lib/rides/ids';
import { sleep } from '../lib/clock';
import { chatFrame } from '../lib/payloads';
import type { SeedPair } from './api';
import { hostTarget } from './target-host';

/** Services appear after the database opens (a few seconds); give up well after any sane start-up. */
async function services(): Promise<Services> {
  for (let i = 0; i < 1200; i++) {
    try {
      return getServices();
    } catch {
      await sleep(50);
    }
  }
  throw new Error('Curbside services never appeared on globalThis (60 s)');
}

const ROWS_PER_INSERT = 200;

async function seed(pairs: SeedPair[]): Promise<string[]> {
  const { db } = (await services()).rides;
  const rideIds = pairs.map(() => newId('r'));
  for (let start = 0; start < pairs.length; start += ROWS_PER_INSERT) {
    const chunk = pairs.slice(start, start + ROWS_PER_INSERT);
    const users = chunk.flatMap((pair) => [[pair.riderId, 'rider', pair.riderName], [pair.driverId, 'driver', pair.driverName]]);
    await db.query(
      `INSERT INTO users (id, role, name) VALUES ${users.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ')} ON CONFLICT (id) DO NOTHING`,
      users.flat(),
    );
    // `accepted` with a driver: dispatch and the sweeper only look at `requested` rides.
    const rides = chunk.map((pair, i) => [rideIds[start + i]!, pair.riderId, pair.driverId]);
    await db.query(
      `INSERT INTO rides (id, rider_id, driver_id, status, pickup_lat, pickup_lng, dropoff_lat, dropoff_lng, surge, fare_amount, fare_currency)
       VALUES ${rides.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}, 'accepted', 52.37, 4.89, 52.36, 4.91, 1, 12.40, 'EUR')`).join(', ')}`,
      rides.flat(),
    );
  }
  return rideIds;
}

hostTarget({
  name: 'curbside',
  whenReady: async () => void (await services()),
  publish: (topic, type, data) => getServices().bus.publish(topic, { type, data }),
  // sendChat after its commit: one frame, delivered to the rider and to the driver (the hub's
  // deliver: serialised once, straight to the users' connections here, and with Redis through
  // bus topics user:<id> to the other instances). A failed delivery fails the publish (the
  // schedule counts it) instead of only being logged.
  chat: (topic, message) => getServices().rides.deliver([topic.riderId, topic.driverId], chatFrame(message)),
  seed,
  streams: () => {
    const { sseHeartbeat, hubStats } = getServices();
    return { sse: sseHeartbeat.size(), ws: hubStats().connections };
  },
  // server/main.ts's own graceful shutdown (SIGTERM) ends streams and closes the database.
  shutdown: () => void process.kill(process.pid, 'SIGTERM'),
});
