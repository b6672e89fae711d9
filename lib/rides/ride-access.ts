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
 */
import type { User } from '@/lib/protocol/common';
import type { RideContext } from './context';
import { assertRideParticipant } from './ride-service';

export interface RideAccess {
  /** Resolves when `user` is the ride's rider or driver; otherwise rejects with 404 / 403 (`assertRideParticipant`). */
  check(ctx: RideContext, rideId: string, user: User): Promise<void>;
  /** Remembered answers (tests, stats). */
  size(): number;
}

export function createRideAccess(maxEntries = 100_000): RideAccess {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recently used.
  const allowed = new Map<string, true>();
  return {
    async check(ctx, rideId, user) {
      const key = `${rideId} ${user.id}`;
      if (allowed.delete(key)) {
        allowed.set(key, true);
        return;
      }
      await assertRideParticipant(ctx, rideId, user);
      allowed.set(key, true);
      if (allowed.size > maxEntries) allowed.delete(allowed.keys().next().value!);
    },
    size: () => allowed.size,
  };
}
