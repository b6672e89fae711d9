/**
 * Tells everyone about a ride change, after it is committed: the ride's SSE stream (with the
 * driver's last location) and both participants' WebSockets.
 */
import { topics } from '@/lib/bus/topics';
import type { Ride } from '@/lib/protocol/ride';
import type { RideContext } from './context';
import { toDriverLocation, type DriverRow } from './rows';

/**
 * The `ride` SSE event: the ride, its driver's last known location, and both people's names,
 * in one read (a fresh ride stream's snapshot and every ride change make it).
 */
export async function rideEvent(ctx: RideContext, ride: Ride) {
  const rows = await ctx.db.query<NameAndFixRow>(
    `SELECT u.id, u.name, d.user_id, d.online, d.lat, d.lng, d.heading, d.speed, d.located_at
       FROM users u LEFT JOIN drivers d ON d.user_id = u.id
      WHERE u.id = ANY($1)`,
    [[ride.riderId, ...(ride.driverId ? [ride.driverId] : [])]],
  );
  const rowOf = (id: string | null) => (id === null ? undefined : rows.find((row) => row.id === id));
  const driver = rowOf(ride.driverId);
  return {
    ...ride,
    driverLocation: driver?.user_id ? toDriverLocation({ ...driver, user_id: driver.user_id, online: driver.online ?? false }) : null,
    riderName: rowOf(ride.riderId)?.name ?? null,
    driverName: driver?.name ?? null,
  };
}

/** A user's name, and their `drivers` row through a LEFT JOIN (all null when they have none). */
type NameAndFixRow = { id: string; name: string } & { [K in keyof DriverRow]: DriverRow[K] | null };

/**
 * Publishes a committed ride change. Failures are logged, not thrown: the change is already
 * durable, and clients re-sync from the database on reconnect (snapshot, resume).
 */
export async function publishRide(ctx: RideContext, ride: Ride, alsoTell: readonly string[] = []): Promise<void> {
  try {
    await ctx.bus.publish(topics.ride(ride.id), { type: 'ride', data: await rideEvent(ctx, ride) });
    const people = new Set([ride.riderId, ...(ride.driverId ? [ride.driverId] : []), ...alsoTell]);
    await ctx.deliver([...people], { type: 'ride', ride });
  } catch (error) {
    ctx.log.error({ err: error, rideId: ride.id }, 'publishing a ride change failed');
  }
}
