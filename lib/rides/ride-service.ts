/**
 * Rides over HTTP and the driver's trip buttons: request, read, cancel, arrive, start,
 * complete. Every change is a compare-and-set on the ride's status in the database, so racing
 * requests (two tabs, two instances) cannot both succeed.
 */
import { AppError } from '@/lib/errors';
import { assertTransition, canTransition, cellOf, estimateTrip, nextStatusFor, quoteFare, RIDE_STATUSES, type RideAction, type RideActor } from '@/lib/domain';
import { uniqueViolation } from '@/lib/db/errors';
import type { LatLng, User } from '@/lib/protocol/common';
import { ErrorCode } from '@/lib/protocol/error-codes';
import type { Ride, RideStatus } from '@/lib/protocol/ride';
import type { RideContext } from './context';
import { dispatchNext } from './dispatch';
import { newId } from './ids';
import { publishRide } from './ride-events';
import { toRide, type RideRow } from './rows';
import { ensureUser } from './users';

const notFound = () => new AppError(ErrorCode.NOT_FOUND, 'No such ride', 404);
const forbidden = () => new AppError(ErrorCode.FORBIDDEN, 'This is not your ride', 403);

export async function findRide(ctx: RideContext, rideId: string): Promise<Ride | null> {
  const [row] = await ctx.db.query<RideRow>('SELECT * FROM rides WHERE id = $1', [rideId]);
  return row ? toRide(row) : null;
}

/** Resolves when `user` is the ride's rider or driver, else rejects as `getRideFor` does; reads only those two columns. */
export async function assertRideParticipant(ctx: RideContext, rideId: string, user: User): Promise<void> {
  const [row] = await ctx.db.query<Pick<RideRow, 'rider_id' | 'driver_id'>>('SELECT rider_id, driver_id FROM rides WHERE id = $1', [rideId]);
  if (!row) throw notFound();
  if (row.rider_id !== user.id && row.driver_id !== user.id) throw forbidden();
}

/** The ride, for its rider or driver only. */
export async function getRideFor(ctx: RideContext, rideId: string, user: User): Promise<Ride> {
  const ride = await findRide(ctx, rideId);
  if (!ride) throw notFound();
  if (ride.riderId !== user.id && ride.driverId !== user.id) throw forbidden();
  return ride;
}

/** The user's ride that is not finished, if any (restores the app after a reload). */
export async function currentRideOf(ctx: RideContext, user: User): Promise<Ride | null> {
  const column = user.role === 'rider' ? 'rider_id' : 'driver_id';
  const [row] = await ctx.db.query<RideRow>(
    `SELECT * FROM rides WHERE ${column} = $1 AND status IN ('requested', 'accepted', 'arrived', 'in_progress') LIMIT 1`,
    [user.id],
  );
  return row ? toRide(row) : null;
}

/** Surge at a point now: the multiplier of its H3 cell (1.0 when the cell is not surging). */
export async function surgeAt(ctx: RideContext, point: LatLng): Promise<number> {
  const [row] = await ctx.db.query<{ multiplier: number }>('SELECT multiplier FROM surge_cells WHERE h3 = $1', [cellOf(point)]);
  return row ? Number(row.multiplier) : 1;
}

export interface Quote {
  surge: number;
  fare: { amount: number; currency: string };
  distanceMeters: number;
  durationSeconds: number;
  /** The road route, when the city's map covers the trip (for the route line). */
  route: LatLng[] | null;
}

/** What a ride would cost now: the pickup cell's surge and the fare by road (straight-line estimate elsewhere). */
export async function quoteTrip(ctx: RideContext, pickup: LatLng, dropoff: LatLng): Promise<Quote> {
  const surge = await surgeAt(ctx, pickup);
  const road = ctx.route?.(pickup, dropoff) ?? null;
  const trip = road ?? estimateTrip(pickup, dropoff);
  const fare = quoteFare({ distanceMeters: trip.distanceMeters, durationSeconds: trip.durationSeconds, surge });
  return { surge, fare, distanceMeters: trip.distanceMeters, durationSeconds: trip.durationSeconds, route: road?.points ?? null };
}

export async function requestRide(ctx: RideContext, rider: User, pickup: LatLng, dropoff: LatLng): Promise<Ride> {
  if (rider.role !== 'rider') throw new AppError(ErrorCode.FORBIDDEN, 'Only riders request rides', 403);
  const { surge, fare } = await quoteTrip(ctx, pickup, dropoff);
  await ensureUser(ctx.db, rider);
  let row: RideRow | undefined;
  try {
    [row] = await ctx.db.query<RideRow>(
      `INSERT INTO rides (id, rider_id, status, pickup_lat, pickup_lng, dropoff_lat, dropoff_lng, surge, fare_amount, fare_currency)
       VALUES ($1, $2, 'requested', $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [newId('r'), rider.id, pickup.lat, pickup.lng, dropoff.lat, dropoff.lng, surge, fare.amount, fare.currency],
    );
  } catch (error) {
    if (uniqueViolation(error, 'rides_one_active_per_rider')) {
      throw new AppError(ErrorCode.CONFLICT, 'You already have a ride in progress', 409);
    }
    throw error;
  }
  const ride = toRide(row!);
  await publishRide(ctx, ride);
  // Offer it now; the sweeper retries if this fails or no driver is free yet.
  await dispatchNext(ctx, ride.id).catch((error: unknown) => ctx.log.error({ err: error, rideId: ride.id }, 'first dispatch failed'));
  return ride;
}

/** Rider cancels before the trip starts; an open offer is withdrawn and an assigned driver freed. */
export async function cancelRide(ctx: RideContext, rideId: string, rider: User): Promise<Ride> {
  const result = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<RideRow>(
      `UPDATE rides SET status = 'cancelled', updated_at = now()
       WHERE id = $1 AND rider_id = $2 AND status = ANY($3) RETURNING *`,
      [rideId, rider.id, allowedFrom('cancel', 'rider')],
    );
    if (!row) return null;
    const offers = await tx.query<{ id: string; driver_id: string }>(
      `UPDATE offers SET status = 'cancelled', closed_at = now() WHERE ride_id = $1 AND status = 'open' RETURNING id, driver_id`,
      [rideId],
    );
    return { ride: toRide(row), offers };
  });
  if (!result) {
    const ride = await findRide(ctx, rideId);
    if (!ride) throw notFound();
    if (ride.riderId !== rider.id) throw forbidden();
    throw new AppError(ErrorCode.CONFLICT, `A ride that is ${ride.status.replace('_', ' ')} cannot be cancelled`, 409);
  }
  for (const offer of result.offers) {
    await ctx.deliver([offer.driver_id], { type: 'offer.closed', offerId: offer.id, reason: 'cancelled' }).catch((error: unknown) =>
      ctx.log.error({ err: error }, 'offer.closed delivery failed'));
  }
  await publishRide(ctx, result.ride);
  return result.ride;
}

/** The statuses from which `actor` may take `action` (the rules live in lib/domain/trip.ts). */
const allowedFrom = (action: RideAction, actor: RideActor): RideStatus[] =>
  RIDE_STATUSES.filter((status) => canTransition(status, nextStatusFor(action), actor));

const DRIVER_STEPS = { 'ride.arrived': 'arrive', 'ride.start': 'start', 'ride.complete': 'complete' } as const;
export type DriverStep = keyof typeof DRIVER_STEPS;

/** The ride's own driver moves it one step: arrived → in progress → completed. */
export async function driverStep(ctx: RideContext, step: DriverStep, rideId: string, driver: User): Promise<Ride> {
  const action = DRIVER_STEPS[step];
  const to = nextStatusFor(action);
  const [row] = await ctx.db.query<RideRow>(
    'UPDATE rides SET status = $4, updated_at = now() WHERE id = $1 AND driver_id = $2 AND status = ANY($3) RETURNING *',
    [rideId, driver.id, allowedFrom(action, 'driver'), to],
  );
  if (!row) {
    const ride = await findRide(ctx, rideId);
    if (!ride) throw notFound();
    if (ride.driverId !== driver.id) throw forbidden();
    if (ride.status === to) return ride; // a repeated press: already done
    assertTransition(ride.status, action, 'driver'); // throws the domain's INVALID_TRANSITION (409)
    throw new AppError(ErrorCode.CONFLICT, `The ride is ${ride.status.replace('_', ' ')}`, 409);
  }
  const ride = toRide(row);
  await publishRide(ctx, ride);
  return ride;
}
