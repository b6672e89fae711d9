/**
 * Who may open a ride's stream, remembered per instance.
 *
 * A reconnect storm (every client of an instance back at once, each with Last-Event-ID)
 * otherwise makes one database read per stream only to learn what cannot have changed: a
 * ride's rider is set when it is requested and its driver when it is accepted (dispatch's
 * `requested → accepted` compare-and-set is the only write of `driver_id`), and neither is
 * ever changed after. So a "yes, this user is on this ride" stays true for the ride's life and
 * is safe to keep; a "no" is never kept (the ride may not exist yet on this instance's view, or
 * the user may be the driver about to accept). Bounded: the least recently used answers go.
 *
 * A restarted instance starts with nothing remembered, which is exactly when every live ride's
 * clients come back at once; `warm` fills it with the participants of the rides that are not
 * finished, in one read, so that storm does not make a read per stream.
 */
import type { User } from '@/lib/protocol/common';
import type { RideContext } from './context';
import { ACTIVE_SQL, type RideRow } from './rows';
import { assertRideParticipant } from './ride-service';

export interface RideAccess {
  /** Resolves when `user` is the ride's rider or driver; otherwise rejects with 404 / 403 (`assertRideParticipant`). */
  check(ctx: RideContext, rideId: string, user: User): Promise<void>;
  /**
   * Remembers the rider and driver of every ride that is not finished (the newest first when
   * there are more than fit), in one read; resolves with how many it did not know yet.
   */
  warm(ctx: RideContext): Promise<number>;
  /** Remembered answers (tests, stats). */
  size(): number;
}

export function createRideAccess(maxEntries = 100_000): RideAccess {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  const allowed = new Map<string, true>();
  const keyOf = (rideId: string, userId: string) => `${rideId} ${userId}`;
  /** Remembers `key` as the most recently used; true when it was not remembered before. */
  const remember = (key: string): boolean => {
    const known = allowed.delete(key);
    allowed.set(key, true);
    if (allowed.size > maxEntries) allowed.delete(allowed.keys().next().value!);
    return !known;
  };
  return {
    async check(ctx, rideId, user) {
      const key = keyOf(rideId, user.id);
      if (allowed.has(key)) {
        remember(key);
        return;
      }
      await assertRideParticipant(ctx, rideId, user);
      remember(key);
    },
    async warm(ctx) {
      const rows = await ctx.db.query<Pick<RideRow, 'id' | 'rider_id' | 'driver_id'>>(
        `SELECT id, rider_id, driver_id FROM rides WHERE status IN ${ACTIVE_SQL}
         ORDER BY created_at DESC, id DESC LIMIT $1`,
        [maxEntries],
      );
      let added = 0;
      // Oldest first, so the newest rides end up the most recently used; what check() already
      // remembered stays (it is just as true), and only the overflow is dropped.
      for (let i = rows.length - 1; i >= 0; i--) {
        const row = rows[i]!;
        if (remember(keyOf(row.id, row.rider_id))) added += 1;
        if (row.driver_id !== null && remember(keyOf(row.id, row.driver_id))) added += 1;
      }
      return added;
    },
    size: () => allowed.size,
  };
}
