/**
 * Test fixtures for the ride domain: a ride in the database with its rider, its driver (or
 * none yet) and a stranger, under ids unique to the test run.
 */
import type { Db } from '@/lib/db/types';
import type { User } from '@/lib/protocol/common';
import { ensureUser } from '../users';

let n = 0;

export interface RideParties {
  rideId: string;
  rider: User;
  driver: User;
  /** Signed in, but on neither side of the ride. */
  stranger: User;
}

/** Inserts a ride with `status`; `driver_id` is set unless `withDriver` is false (a `requested` ride). */
export async function insertRide(db: Db, { status = 'accepted', withDriver = true }: { status?: string; withDriver?: boolean } = {}): Promise<RideParties> {
  const id = `${++n}-${Math.random().toString(36).slice(2, 8)}`;
  const rider: User = { id: `u_r${id}`, role: 'rider', name: 'Rae' };
  const driver: User = { id: `u_d${id}`, role: 'driver', name: 'Dan' };
  const stranger: User = { id: `u_s${id}`, role: 'rider', name: 'Sam' };
  for (const user of [rider, driver, stranger]) await ensureUser(db, user);
  const rideId = `r_${id}`;
  await db.query(
    `INSERT INTO rides (id, rider_id, driver_id, status, pickup_lat, pickup_lng, dropoff_lat, dropoff_lng, surge, fare_amount, fare_currency)
     VALUES ($1, $2, $3, $4, 37.77, -122.42, 37.78, -122.41, 1, 10, 'USD')`,
    [rideId, rider.id, withDriver ? driver.id : null, status],
  );
  return { rideId, rider, driver, stranger };
}
