/**
 * The ride state machine:
 *
 *   requested ─accept→ accepted ─arrive→ arrived ─start→ in_progress ─complete→ completed
 *       │                  │                 │
 *       ├──────────────────┴──── cancel ─────┴──→ cancelled   (rider, before the trip starts)
 *       └─expire→ expired                                     (system: no driver found in time)
 *
 * One table drives every check, so `canTransition`, `nextStatusFor` and `assertTransition`
 * cannot disagree.
 */
import { DomainError } from './errors';

/** Every ride status, in lifecycle order. */
export const RIDE_STATUSES = [
  'requested',
  'accepted',
  'arrived',
  'in_progress',
  'completed',
  'cancelled',
  'expired',
] as const;

/** Status of a ride (the wire `Ride.status`). */
export type RideStatus = (typeof RIDE_STATUSES)[number];

/** Everything that can move a ride to its next status. */
export const RIDE_ACTIONS = ['accept', 'arrive', 'start', 'complete', 'cancel', 'expire'] as const;

/** An action on a ride. */
export type RideAction = (typeof RIDE_ACTIONS)[number];

/** Who performs an action: the ride's rider, its driver, or the server itself (timeouts). */
export type RideActor = 'rider' | 'driver' | 'system';

/** Statuses of a ride that is not finished: a rider may hold at most one such ride. */
export const ACTIVE_STATUSES: readonly RideStatus[] = ['requested', 'accepted', 'arrived', 'in_progress'];

interface TransitionRule {
  readonly from: readonly RideStatus[];
  readonly to: RideStatus;
  readonly actor: RideActor;
}

const RULES: Readonly<Record<RideAction, TransitionRule>> = {
  accept: { from: ['requested'], to: 'accepted', actor: 'driver' },
  arrive: { from: ['accepted'], to: 'arrived', actor: 'driver' },
  start: { from: ['arrived'], to: 'in_progress', actor: 'driver' },
  complete: { from: ['in_progress'], to: 'completed', actor: 'driver' },
  // Once the trip has started the rider is in the car: ending it is `complete`, not cancel.
  cancel: { from: ['requested', 'accepted', 'arrived'], to: 'cancelled', actor: 'rider' },
  expire: { from: ['requested'], to: 'expired', actor: 'system' },
};

/** True for a string that is a {@link RideStatus} (for parsing rows and frames). */
export function isRideStatus(value: unknown): value is RideStatus {
  return typeof value === 'string' && (RIDE_STATUSES as readonly string[]).includes(value);
}

/** True while the ride is not finished (not completed, cancelled or expired). */
export function isActive(status: RideStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/** The status an action leads to, whatever the current status. */
export function nextStatusFor(action: RideAction): RideStatus {
  return RULES[action].to;
}

/** True when `actor` may move a ride from `from` to `to` in one step. */
export function canTransition(from: RideStatus, to: RideStatus, actor: RideActor): boolean {
  return RIDE_ACTIONS.some((action) => {
    const rule = RULES[action];
    return rule.to === to && rule.actor === actor && rule.from.includes(from);
  });
}

/**
 * Checks that `actor` may perform `action` on a ride in status `from` and returns the new
 * status. The actor is checked first: an actor who may never perform the action gets
 * `FORBIDDEN` whatever the status, so the answer does not reveal the ride's state to them.
 *
 * @throws {DomainError} `FORBIDDEN` when the actor may never perform this action;
 *   `INVALID_TRANSITION` when the action is not allowed from `from`.
 */
export function assertTransition(from: RideStatus, action: RideAction, actor: RideActor): RideStatus {
  const rule = RULES[action];
  if (rule.actor !== actor) {
    throw new DomainError('FORBIDDEN', `A ${actor} cannot ${action} a ride.`);
  }
  if (!rule.from.includes(from)) {
    throw new DomainError('INVALID_TRANSITION', `Cannot ${action} a ride that is ${from}.`);
  }
  return rule.to;
}
