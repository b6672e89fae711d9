/**
 * Dispatch: offer a requested ride to the nearest online, free driver not yet tried, one
 * driver at a time, each for `offerTtlMs`. Decline or expiry moves on to the next driver; no
 * driver within `dispatchTimeoutMs` expires the ride.
 *
 * Every step is a compare-and-set in the database and the schema allows one open offer per
 * ride and per driver, so any number of instances can run dispatch and the sweeper at once:
 * exactly one of them wins each transition, and expiry does not depend on the instance that
 * created the offer staying alive.
 */
import { AppError } from '@/lib/errors';
import { uniqueViolation } from '@/lib/db/errors';
import type { Queryable } from '@/lib/db/types';
import type { User } from '@/lib/protocol/common';
import { ErrorCode } from '@/lib/protocol/error-codes';
import type { Ride } from '@/lib/protocol/ride';
import type { RideContext } from './context';
import { newId } from './ids';
import { publishRide } from './ride-events';
import { ASSIGNED_SQL, iso, toRide, type RideRow } from './rows';

export type OfferCloseReason = 'accepted' | 'rejected' | 'expired' | 'taken' | 'cancelled';

interface OfferRow {
  id: string;
  ride_id: string;
  driver_id: string;
  status: string;
  expires_at: Date | string;
}

const offerFrame = (offer: OfferRow, ride: Ride) => ({ type: 'offer', offerId: offer.id, ride, expiresAt: iso(offer.expires_at) });

async function tell(ctx: RideContext, userId: string, frame: { type: string } & Record<string, unknown>): Promise<void> {
  await ctx.deliver([userId], frame).catch((error: unknown) => ctx.log.error({ err: error, userId, type: frame.type }, 'delivery failed'));
}

/** The nearest dispatchable driver for a ride, or null. */
async function nearestFreeDriver(db: Queryable, ctx: RideContext, ride: RideRow): Promise<string | null> {
  // Equirectangular distance is plenty to rank drivers within a city; the radius is checked
  // in metres with the same approximation (1° latitude ≈ 111,320 m).
  const [row] = await db.query<{ user_id: string }>(
    `SELECT d.user_id FROM drivers d
     WHERE d.online AND d.lat IS NOT NULL AND d.located_at > now() - ($4 || ' milliseconds')::interval
       AND NOT EXISTS (SELECT 1 FROM rides r WHERE r.driver_id = d.user_id AND r.status IN ${ASSIGNED_SQL})
       AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.driver_id = d.user_id AND (o.ride_id = $1 OR o.status = 'open'))
       AND ((d.lat - $2) ^ 2 + ((d.lng - $3) * cos(radians($2))) ^ 2) * 111320.0 ^ 2 <= $5 ^ 2
     ORDER BY (d.lat - $2) ^ 2 + ((d.lng - $3) * cos(radians($2))) ^ 2, d.user_id
     LIMIT 1`,
    [ride.id, ride.pickup_lat, ride.pickup_lng, String(ctx.settings.driverStaleMs), ctx.settings.dispatchRadiusMeters],
  );
  return row?.user_id ?? null;
}

/**
 * Offers a requested ride to the next driver, unless it already has an open offer. Expires the
 * ride when its time is up. Safe to call from anywhere, any number of times.
 */
export async function dispatchNext(ctx: RideContext, rideId: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [ride] = await ctx.db.query<RideRow>(`SELECT * FROM rides WHERE id = $1 AND status = 'requested'`, [rideId]);
    if (!ride) return;
    const driverId = await nearestFreeDriver(ctx.db, ctx, ride);
    if (!driverId) {
      if (Date.now() - new Date(ride.created_at).getTime() >= ctx.settings.dispatchTimeoutMs) await expireRide(ctx, rideId);
      return; // the sweeper tries again while the ride waits
    }
    try {
      const [offer] = await ctx.db.query<OfferRow>(
        `INSERT INTO offers (id, ride_id, driver_id, status, expires_at)
         SELECT $1, $2, $3, 'open', now() + ($4 || ' milliseconds')::interval
         WHERE EXISTS (SELECT 1 FROM rides WHERE id = $2 AND status = 'requested')
         RETURNING *`,
        [newId('o'), rideId, driverId, String(ctx.settings.offerTtlMs)],
      );
      if (offer) await tell(ctx, driverId, offerFrame(offer, toRide(ride)));
      return;
    } catch (error) {
      // Another instance offered this ride, or this driver got another ride's offer, first.
      if (uniqueViolation(error, 'offers_one_open_per_ride')) return;
      if (uniqueViolation(error, 'offers_one_open_per_driver') || uniqueViolation(error, 'offers_once_per_driver_per_ride')) continue;
      throw error;
    }
  }
}

async function expireRide(ctx: RideContext, rideId: string): Promise<void> {
  const [row] = await ctx.db.query<RideRow>(
    `UPDATE rides SET status = 'expired', updated_at = now() WHERE id = $1 AND status = 'requested' RETURNING *`,
    [rideId],
  );
  if (row) await publishRide(ctx, toRide(row));
}

/** The driver takes the offer. Exactly one driver wins a ride; late or repeated accepts get `OFFER_CLOSED`. */
export async function acceptOffer(ctx: RideContext, offerId: string, driver: User): Promise<Ride> {
  const ride = await ctx.db.transaction(async (tx) => {
    const [offer] = await tx.query<OfferRow>(
      `UPDATE offers SET status = 'accepted', closed_at = now()
       WHERE id = $1 AND driver_id = $2 AND status = 'open' AND expires_at > now() RETURNING *`,
      [offerId, driver.id],
    );
    if (!offer) return null;
    try {
      const [row] = await tx.query<RideRow>(
        `UPDATE rides SET status = 'accepted', driver_id = $2, updated_at = now() WHERE id = $1 AND status = 'requested' RETURNING *`,
        [offer.ride_id, driver.id],
      );
      if (!row) throw new AppError(ErrorCode.OFFER_CLOSED, 'This ride is no longer available', 409);
      return toRide(row);
    } catch (error) {
      if (uniqueViolation(error, 'rides_one_active_per_driver')) {
        throw new AppError(ErrorCode.CONFLICT, 'Finish your current ride first', 409);
      }
      throw error;
    }
  });
  if (!ride) throw await offerClosedError(ctx, offerId, driver);
  await tell(ctx, driver.id, { type: 'offer.closed', offerId, reason: 'accepted' });
  await publishRide(ctx, ride);
  return ride;
}

/** The driver declines: the offer closes and the ride moves on to the next driver. */
export async function rejectOffer(ctx: RideContext, offerId: string, driver: User): Promise<void> {
  const [offer] = await ctx.db.query<OfferRow>(
    `UPDATE offers SET status = 'rejected', closed_at = now() WHERE id = $1 AND driver_id = $2 AND status = 'open' RETURNING *`,
    [offerId, driver.id],
  );
  if (!offer) throw await offerClosedError(ctx, offerId, driver);
  await tell(ctx, driver.id, { type: 'offer.closed', offerId, reason: 'rejected' });
  await dispatchNext(ctx, offer.ride_id);
}

async function offerClosedError(ctx: RideContext, offerId: string, driver: User): Promise<AppError> {
  const [offer] = await ctx.db.query<OfferRow>('SELECT * FROM offers WHERE id = $1', [offerId]);
  // Someone else's offer looks exactly like an unknown one: ids are not an oracle.
  if (!offer || offer.driver_id !== driver.id) return new AppError(ErrorCode.NOT_FOUND, 'No such offer', 404);
  return new AppError(ErrorCode.OFFER_CLOSED, `This offer is closed (${offer.status === 'open' ? 'expired' : offer.status})`, 409);
}

/** Open offers of a driver, re-sent after they reconnect (`resume`). */
export async function openOffersFor(ctx: RideContext, driverId: string) {
  const rows = await ctx.db.query<OfferRow & { ride: RideRow }>(
    `SELECT o.*, row_to_json(r.*) AS ride FROM offers o JOIN rides r ON r.id = o.ride_id
     WHERE o.driver_id = $1 AND o.status = 'open' AND o.expires_at > now() AND r.status = 'requested'`,
    [driverId],
  );
  return rows.map((row) => offerFrame(row, toRide(row.ride)));
}

/**
 * One sweep: close expired offers (moving their rides on), and retry or expire requested
 * rides that have no open offer. Every instance may run it; the UPDATE … RETURNING hands each
 * expired offer to exactly one of them.
 */
export async function sweep(ctx: RideContext): Promise<void> {
  const expired = await ctx.db.query<OfferRow>(
    `UPDATE offers SET status = 'expired', closed_at = now() WHERE status = 'open' AND expires_at <= now() RETURNING *`,
  );
  for (const offer of expired) {
    await tell(ctx, offer.driver_id, { type: 'offer.closed', offerId: offer.id, reason: 'expired' });
    await dispatchNext(ctx, offer.ride_id);
  }
  const waiting = await ctx.db.query<{ id: string }>(
    `SELECT r.id FROM rides r WHERE r.status = 'requested'
       AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.ride_id = r.id AND o.status = 'open')
     ORDER BY r.created_at LIMIT 100`,
  );
  for (const { id } of waiting) await dispatchNext(ctx, id);
}

/** Runs `sweep` every `intervalMs` (never two at once); returns the stop function. */
export function startSweeper(ctx: RideContext, intervalMs = 500): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'dispatch sweep failed'))
      .finally(() => void (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
