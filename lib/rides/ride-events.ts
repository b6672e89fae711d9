/**
 * Tells everyone about a ride change, after it is committed: the ride's SSE stream (with the
 * driver's last location) and both participants' WebSockets.
 */
import { topics } from '@/lib/bus/topics';
import type { Queryable } from '@/lib/db/types';
import type { DriverLocation, Ride } from '@/lib/protocol/ride';
import type { RideContext } from './context';
import { toDriverLocation, type DriverRow } from './rows';

export async function driverLocation(db: Queryable, driverId: string | null): Promise<DriverLocation | null> {
  if (!driverId) return null;
  const [row] = await db.query<DriverRow>('SELECT * FROM drivers WHERE user_id = $1', [driverId]);
  return toDriverLocation(row);
}

/** The `ride` SSE event: the ride, its driver's last known location, and both people's names. */
export async function rideEvent(ctx: RideContext, ride: Ride) {
  const names = await ctx.db.query<{ id: string; name: string }>('SELECT id, name FROM users WHERE id = ANY($1)', [
    [ride.riderId, ...(ride.driverId ? [ride.driverId] : [])],
  ]);
  const nameOf = (id: string | null) => names.find((row) => row.id === id)?.name ?? null;
  return { ...ride, driverLocation: await driverLocation(ctx.db, ride.driverId), riderName: nameOf(ride.riderId), driverName: nameOf(ride.driverId) };
}

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
