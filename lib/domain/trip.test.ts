import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import {
  ACTIVE_STATUSES,
  RIDE_ACTIONS,
  RIDE_STATUSES,
  assertTransition,
  canTransition,
  isActive,
  isRideStatus,
  nextStatusFor,
  type RideAction,
  type RideActor,
  type RideStatus,
} from './trip';

const ACTORS: readonly RideActor[] = ['rider', 'driver', 'system'];

// The whole legal graph written out by hand, independently of the implementation's table:
// every (from, action, actor) triple not listed here must be refused.
const LEGAL: ReadonlyArray<readonly [RideStatus, RideAction, RideActor, RideStatus]> = [
  ['requested', 'accept', 'driver', 'accepted'],
  ['accepted', 'arrive', 'driver', 'arrived'],
  ['arrived', 'start', 'driver', 'in_progress'],
  ['in_progress', 'complete', 'driver', 'completed'],
  ['requested', 'cancel', 'rider', 'cancelled'],
  ['accepted', 'cancel', 'rider', 'cancelled'],
  ['arrived', 'cancel', 'rider', 'cancelled'],
  ['requested', 'expire', 'system', 'expired'],
];

const ACTION_OWNER: Readonly<Record<RideAction, RideActor>> = {
  accept: 'driver',
  arrive: 'driver',
  start: 'driver',
  complete: 'driver',
  cancel: 'rider',
  expire: 'system',
};

function legalTarget(from: RideStatus, action: RideAction, actor: RideActor): RideStatus | undefined {
  return LEGAL.find(([f, a, who]) => f === from && a === action && who === actor)?.[3];
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  }
}

describe('ride statuses', () => {
  it('treats exactly the four unfinished statuses as active', () => {
    expect([...ACTIVE_STATUSES].sort()).toEqual(['accepted', 'arrived', 'in_progress', 'requested']);
    const active = RIDE_STATUSES.filter(isActive);
    expect(active).toEqual(['requested', 'accepted', 'arrived', 'in_progress']);
    for (const status of ['completed', 'cancelled', 'expired'] as const) expect(isActive(status)).toBe(false);
  });

  it('recognises status strings and nothing else', () => {
    for (const status of RIDE_STATUSES) expect(isRideStatus(status)).toBe(true);
    for (const bad of ['REQUESTED', 'in-progress', '', 'done', 1, null, undefined, {}]) {
      expect(isRideStatus(bad)).toBe(false);
    }
  });

  it('maps each action to its target status', () => {
    expect(Object.fromEntries(RIDE_ACTIONS.map((a) => [a, nextStatusFor(a)]))).toEqual({
      accept: 'accepted',
      arrive: 'arrived',
      start: 'in_progress',
      complete: 'completed',
      cancel: 'cancelled',
      expire: 'expired',
    });
  });
});

describe('canTransition: full from × to × actor matrix', () => {
  const cases = RIDE_STATUSES.flatMap((from) =>
    RIDE_STATUSES.flatMap((to) => ACTORS.map((actor) => [from, to, actor] as const)),
  );
  it('covers all 147 combinations', () => expect(cases).toHaveLength(7 * 7 * 3));

  it.each(cases)('%s → %s by %s', (from, to, actor) => {
    const expected = LEGAL.some(([f, , who, t]) => f === from && t === to && who === actor);
    expect(canTransition(from, to, actor)).toBe(expected);
  });

  it('never allows leaving a finished ride or staying in place', () => {
    for (const from of ['completed', 'cancelled', 'expired'] as const) {
      for (const to of RIDE_STATUSES) for (const actor of ACTORS) expect(canTransition(from, to, actor)).toBe(false);
    }
    for (const s of RIDE_STATUSES) for (const actor of ACTORS) expect(canTransition(s, s, actor)).toBe(false);
  });
});

describe('assertTransition: full from × action × actor matrix', () => {
  const cases = RIDE_STATUSES.flatMap((from) =>
    RIDE_ACTIONS.flatMap((action) => ACTORS.map((actor) => [from, action, actor] as const)),
  );
  it('covers all 126 combinations', () => expect(cases).toHaveLength(7 * 6 * 3));

  it.each(cases)('%s + %s by %s', (from, action, actor) => {
    const target = legalTarget(from, action, actor);
    if (target !== undefined) {
      expect(assertTransition(from, action, actor)).toBe(target);
      expect(canTransition(from, target, actor)).toBe(true);
      return;
    }
    // The actor check comes first: a wrong actor is FORBIDDEN whatever the status.
    const expectedCode = ACTION_OWNER[action] === actor ? 'INVALID_TRANSITION' : 'FORBIDDEN';
    expect(codeOf(() => assertTransition(from, action, actor))).toBe(expectedCode);
  });

  it('names the action and status in the message', () => {
    expect(() => assertTransition('in_progress', 'cancel', 'rider')).toThrow('Cannot cancel a ride that is in_progress.');
    expect(() => assertTransition('requested', 'accept', 'rider')).toThrow('A rider cannot accept a ride.');
  });

  it('throws DomainError instances with name and code', () => {
    try {
      assertTransition('completed', 'complete', 'driver');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(Error);
      expect(err).toMatchObject({ name: 'DomainError', code: 'INVALID_TRANSITION' });
    }
  });
});

describe('lifecycle walks', () => {
  it('runs the happy path to completed', () => {
    let status: RideStatus = 'requested';
    for (const action of ['accept', 'arrive', 'start', 'complete'] as const) {
      status = assertTransition(status, action, 'driver');
    }
    expect(status).toBe('completed');
    expect(isActive(status)).toBe(false);
  });

  it('lets the rider cancel until the trip starts, and only the system expire a waiting ride', () => {
    expect(assertTransition('arrived', 'cancel', 'rider')).toBe('cancelled');
    expect(codeOf(() => assertTransition('in_progress', 'cancel', 'rider'))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => assertTransition('requested', 'cancel', 'driver'))).toBe('FORBIDDEN');
    expect(assertTransition('requested', 'expire', 'system')).toBe('expired');
    expect(codeOf(() => assertTransition('accepted', 'expire', 'system'))).toBe('INVALID_TRANSITION');
  });
});
