import pino from 'pino';
import { expect, it } from 'vitest';
import { forEachDb, resetDb } from '@/lib/db/testing/test-dbs';
import type { Db } from '@/lib/db/types';
import { AppError } from '@/lib/errors';
import { DEFAULT_RIDE_SETTINGS, type RideContext } from './context';
import { createRideAccess } from './ride-access';
import { insertRide } from './testing/ride-fixtures';

/** A context whose database counts its reads of `rides`. */
function countingContext(db: Db) {
  const reads = { count: 0 };
  const counting: Db = {
    kind: db.kind,
    query: (sql, params) => {
      if (/FROM rides/.test(sql)) reads.count += 1;
      return db.query(sql, params);
    },
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
  };
  const ctx: RideContext = {
    db: counting, bus: undefined as never, log: pino({ level: 'silent' }), settings: DEFAULT_RIDE_SETTINGS,
    deliver: async () => {},
  };
  return { ctx, reads };
}

/** A requested ride with no driver yet, and a context whose database counts its reads of `rides`. */
async function requestedRide(db: Db) {
  const { rideId, rider, driver, stranger } = await insertRide(db, { status: 'requested', withDriver: false });
  const { ctx, reads } = countingContext(db);
  const accept = () => db.query(`UPDATE rides SET status = 'accepted', driver_id = $2 WHERE id = $1`, [rideId, driver.id]);
  return { ctx, rideId, rider, driver, stranger, reads, accept };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: unknown) => (error instanceof AppError ? error.code : String(error)));

forEachDb('rideAccess', (getDb) => {
  it('reads the ride once per participant, then answers from memory', async () => {
    const { ctx, rideId, rider, reads } = await requestedRide(getDb());
    const access = createRideAccess();
    await access.check(ctx, rideId, rider);
    await access.check(ctx, rideId, rider);
    await access.check(ctx, rideId, rider);
    expect(reads.count).toBe(1);
    expect(access.size()).toBe(1);
  });

  it('never remembers a refusal: the driver who accepts later is let in, a stranger is asked about every time', async () => {
    const { ctx, rideId, driver, stranger, reads, accept } = await requestedRide(getDb());
    const access = createRideAccess();
    expect(await codeOf(access.check(ctx, rideId, driver))).toBe('FORBIDDEN');
    expect(await codeOf(access.check(ctx, rideId, stranger))).toBe('FORBIDDEN');
    await accept();
    expect(await codeOf(access.check(ctx, rideId, driver))).toBe('ok');
    expect(await codeOf(access.check(ctx, rideId, stranger))).toBe('FORBIDDEN');
    expect(reads.count).toBe(4);
    expect(await codeOf(access.check(ctx, 'r_missing', driver))).toBe('NOT_FOUND');
    expect(access.size()).toBe(1);
  });

  it('keeps at most maxEntries answers, letting the least recently used go', async () => {
    const { ctx, rideId, rider, driver, reads, accept } = await requestedRide(getDb());
    await accept();
    const other = await requestedRide(getDb());
    const access = createRideAccess(2);
    await access.check(ctx, rideId, rider); // read 1
    await access.check(ctx, rideId, driver); // read 2
    await access.check(ctx, rideId, rider); // hit: the rider is now the most recent
    await access.check(other.ctx, other.rideId, other.rider); // evicts the driver
    expect(access.size()).toBe(2);
    await access.check(ctx, rideId, rider); // still there
    expect(reads.count).toBe(2);
    await access.check(ctx, rideId, driver); // read again
    expect(reads.count).toBe(3);
  });

  it('warm: one read remembers both sides of every ride that is not finished, and nothing else', async () => {
    const db = getDb();
    const requested = await insertRide(db, { status: 'requested', withDriver: false });
    const accepted = await insertRide(db, { status: 'accepted' });
    const inProgress = await insertRide(db, { status: 'in_progress' });
    const completed = await insertRide(db, { status: 'completed' });
    const { ctx, reads } = countingContext(db);
    const access = createRideAccess();
    // Other tests of this suite left live rides too: count only that it added at least these.
    expect(await access.warm(ctx)).toBeGreaterThanOrEqual(5);
    expect(reads.count).toBe(1);
    await access.check(ctx, requested.rideId, requested.rider);
    await access.check(ctx, accepted.rideId, accepted.rider);
    await access.check(ctx, accepted.rideId, accepted.driver);
    await access.check(ctx, inProgress.rideId, inProgress.driver);
    expect(reads.count).toBe(1);
    // Not warmed: the driver a requested ride does not have yet, strangers, finished rides.
    expect(await codeOf(access.check(ctx, requested.rideId, requested.driver))).toBe('FORBIDDEN');
    expect(await codeOf(access.check(ctx, accepted.rideId, accepted.stranger))).toBe('FORBIDDEN');
    expect(reads.count).toBe(3);
    await access.check(ctx, completed.rideId, completed.rider); // still allowed, after a read
    expect(reads.count).toBe(4);
    expect(await access.warm(ctx)).toBe(0); // nothing new the second time
  });

  it('warm keeps the newest rides when they do not all fit', async () => {
    const db = getDb();
    await resetDb(db);
    const rides = [];
    for (let i = 0; i < 3; i++) {
      const ride = await insertRide(db, { status: 'requested', withDriver: false });
      await db.query(`UPDATE rides SET created_at = now() - $2::int * interval '1 minute' WHERE id = $1`, [ride.rideId, 10 - i]);
      rides.push(ride);
    }
    const { ctx, reads } = countingContext(db);
    const access = createRideAccess(2);
    expect(await access.warm(ctx)).toBe(2);
    expect(access.size()).toBe(2);
    await access.check(ctx, rides[2]!.rideId, rides[2]!.rider);
    await access.check(ctx, rides[1]!.rideId, rides[1]!.rider);
    expect(reads.count).toBe(1);
    await access.check(ctx, rides[0]!.rideId, rides[0]!.rider); // the oldest was left out
    expect(reads.count).toBe(2);
  });
});

it('refuses a bound that is not a positive integer', () => {
  expect(() => createRideAccess(0)).toThrow(RangeError);
  expect(() => createRideAccess(1.5)).toThrow(RangeError);
});
