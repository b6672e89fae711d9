/**
 * How a simulated driver answers offers: each one gets a human pause, then a yes (usually)
 * or a no. An `offer.closed` that arrives during the pause withdraws it silently. After a
 * yes the driver holds a claim until the server's `ride` frame confirms it (or an error or
 * close denies it), so a second offer in that window is declined rather than double-booked.
 */
import { type TimerBag } from './timer-bag';

/** Options for {@link createOfferDesk}. */
export interface OfferDeskOptions {
  timers: TimerBag;
  random: () => number;
  now: () => number;
  behaviour: { offerDelayMs: readonly [number, number]; acceptProbability: number };
  /** Whether the driver is on a ride (offers are then declined). */
  isBusy(): boolean;
  /** Sends the answer; returns its `ref`, or null when it could not be sent. */
  answer(type: 'offer.accept' | 'offer.reject', offerId: string): string | null;
}

/** Pending offer decisions of one driver. */
export interface OfferDesk {
  /** An `offer` frame (also its re-send after a reconnect, which is ignored if known). */
  offered(offerId: string, rideId: string, expiresAt: string): void;
  /** An `offer.closed` frame. */
  closed(offerId: string, reason: string): void;
  /** The server confirmed ride `rideId` as ours: the claim is done. */
  settled(rideId: string): void;
  /** An `error` answered `ref`: if it was our accept, the claim is void. */
  failed(ref: string): void;
  /** Drops every pending decision (the connection is gone; the server will re-send). */
  clear(): void;
  /** Offers waiting for an answer. */
  readonly size: number;
}

/** A claim that is neither confirmed nor denied in this time is forgotten. */
const CLAIM_TIMEOUT_MS = 30_000;

export function createOfferDesk(options: OfferDeskOptions): OfferDesk {
  const { timers, random, behaviour } = options;
  const pending = new Map<string, number>();
  let claim: { offerId: string; rideId: string; ref: string; timer: number } | null = null;

  const dropClaim = () => {
    if (claim) timers.clear(claim.timer);
    claim = null;
  };

  const decide = (offerId: string, rideId: string, accept: boolean) => {
    pending.delete(offerId);
    const busy = options.isBusy() || claim !== null;
    const ref = options.answer(accept && !busy ? 'offer.accept' : 'offer.reject', offerId);
    if (ref !== null && accept && !busy) {
      claim = { offerId, rideId, ref, timer: timers.set(() => { claim = null; }, CLAIM_TIMEOUT_MS) };
    }
  };

  return {
    offered(offerId, rideId, expiresAt) {
      if (pending.has(offerId) || claim?.offerId === offerId) return;
      const expires = Date.parse(expiresAt);
      if (Number.isFinite(expires) && expires <= options.now()) return;
      const [min, max] = behaviour.offerDelayMs;
      // Both draws happen now, in a fixed order, so a seeded run is reproducible.
      const delay = min + random() * (max - min);
      const accept = random() < behaviour.acceptProbability;
      pending.set(offerId, timers.set(() => decide(offerId, rideId, accept), delay));
    },
    closed(offerId, reason) {
      timers.clear(pending.get(offerId) ?? null);
      pending.delete(offerId);
      // `accepted` may be our own win being announced; the `ride` frame settles that.
      if (claim?.offerId === offerId && reason !== 'accepted') dropClaim();
    },
    settled(rideId) {
      if (claim?.rideId === rideId) dropClaim();
    },
    failed(ref) {
      if (claim?.ref === ref) dropClaim();
    },
    clear() {
      for (const key of pending.values()) timers.clear(key);
      pending.clear();
      dropClaim();
    },
    get size() {
      return pending.size;
    },
  };
}
