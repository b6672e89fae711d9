import pino from 'pino';
import { expect, it } from 'vitest';
import { forEachDb } from '@/lib/db/testing/test-dbs';
import type { Db } from '@/lib/db/types';
import { DEFAULT_RIDE_SETTINGS, type RideContext } from './context';
import { rideEvent } from './ride-events';
import { findRide } from './ride-service';
import { insertRide } from './testing/ride-fixtures';

const context = (db: Db): RideContext => ({
  db, bus: undefined as never, deliver: async () => {}, log: pino({ level: 'silent' }), settings: DEFAULT_RIDE_SETTINGS,
});

async function eventOf(db: Db, rideId: string) {
  const ctx = context(db);
  const ride = await findRide(ctx, rideId);
  if (!ride) throw new Error(`no ride ${rideId}`);
  return rideEvent(ctx, ride);
}

forEachDb('rideEvent', (getDb) => {
  it('names the rider, and no driver yet, for a requested ride', async () => {
    const { rideId } = await insertRide(getDb(), { status: 'requested', withDriver: false });
    expect(await eventOf(getDb(), rideId)).toMatchObject({ id: rideId, riderName: 'Rae', driverName: null, driverLocation: null });
  });

  it('carries the driver\'s name and last fix once a driver is assigned', async () => {
    const db = getDb();
    const { rideId, driver } = await insertRide(db);
    await db.query(
      `INSERT INTO drivers (user_id, online, lat, lng, heading, speed, located_at) VALUES ($1, true, 37.775, -122.418, 90, 8.5, '2026-12-03T15:00:00.000Z')`,
      [driver.id],
    );
    expect(await eventOf(db, rideId)).toMatchObject({
      riderName: 'Rae', driverName: 'Dan',
      driverLocation: { driverId: driver.id, lat: 37.775, lng: -122.418, heading: 90, speed: 8.5, at: '2026-12-03T15:00:00.000Z' },
    });
  });

  it('has no location for a driver without a fix, or without a drivers row at all', async () => {
    const db = getDb();
    const noRow = await insertRide(db);
    expect(await eventOf(db, noRow.rideId)).toMatchObject({ driverName: 'Dan', driverLocation: null });
    const noFix = await insertRide(db);
    await db.query('INSERT INTO drivers (user_id, online) VALUES ($1, true)', [noFix.driver.id]);
    expect(await eventOf(db, noFix.rideId)).toMatchObject({ driverName: 'Dan', driverLocation: null });
  });
});
