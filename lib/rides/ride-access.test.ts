import pino from 'pino';
import { expect, it } from 'vitest';
import { forEachDb } from '@/lib/db/testing/test-dbs';
import type { Db } from '@/lib/db/types';
import { AppError } from '@/lib/errors';
import { DEFAULT_RIDE_SETTINGS, type RideContext } from './context';
import { createRideAccess } from './ride-access';
import { insertRide } from './testing/ride-fixtures';

/** A requested ride with no driver yet, and a context whose database counts its reads of `rides`. */
async function requestedRide(db: Db) {
  const { rideId, rider, driver, stranger } = await insertRide(db, { status: 'requested', withDriver: false });
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
});

it('refuses a bound that is not a positive integer', () => {
  expect(() => createRideAccess(0)).toThrow(RangeError);
  expect(() => createRideAccess(1.5)).toThrow(RangeError);
});
