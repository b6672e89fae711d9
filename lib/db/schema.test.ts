import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { checkViolation, foreignKeyViolation, uniqueViolation } from './errors';
import { forEachDb } from './testing/test-dbs';

const id = (prefix: string) => `${prefix}_${randomUUID()}`;
const caught = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (e: unknown) => e);

// The constraints that keep the ride rules true when requests race: each test makes the
// second, conflicting row directly and checks which constraint stops it, by name.
forEachDb('schema constraints', (getDb) => {
  const user = async (role: 'rider' | 'driver') => {
    const userId = id(role);
    await getDb().query('INSERT INTO users (id, role, name) VALUES ($1, $2, $3)', [userId, role, 'Test']);
    return userId;
  };
  const ride = async (riderId: string, status = 'requested', driverId: string | null = null) => {
    const rideId = id('ride');
    await getDb().query(
      `INSERT INTO rides (id, rider_id, driver_id, status, pickup_lat, pickup_lng, dropoff_lat, dropoff_lng, surge, fare_amount, fare_currency)
       VALUES ($1, $2, $3, $4, 52.52, 13.40, 52.50, 13.45, 1.5, 12.5, 'EUR')`,
      [rideId, riderId, driverId, status],
    );
    return rideId;
  };
  const offer = async (rideId: string, driverId: string, status = 'open') => {
    const offerId = id('offer');
    await getDb().query(
      `INSERT INTO offers (id, ride_id, driver_id, status, expires_at) VALUES ($1, $2, $3, $4, now() + interval '15 seconds')`,
      [offerId, rideId, driverId, status],
    );
    return offerId;
  };
  const chat = (rideId: string, seq: number, clientId: string, senderId: string) =>
    getDb().query('INSERT INTO chat_messages (ride_id, seq, client_id, sender_id, body) VALUES ($1, $2, $3, $4, $5)', [rideId, seq, clientId, senderId, 'hi']);

  it('allows one active ride per rider (rides_one_active_per_rider), and a new one once it ends', async () => {
    const rider = await user('rider');
    const first = await ride(rider);
    expect(uniqueViolation(await caught(ride(rider)), 'rides_one_active_per_rider')).toBe(true);
    await getDb().query(`UPDATE rides SET status = 'cancelled' WHERE id = $1`, [first]);
    await expect(ride(rider)).resolves.toBeTruthy();
  });

  it('lets exactly one of many racing ride requests by one rider through', async () => {
    const rider = await user('rider');
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => ride(rider)));
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(outcomes.length - rejected.length).toBe(1);
    for (const { reason } of rejected) expect(uniqueViolation(reason, 'rides_one_active_per_rider')).toBe(true);
  });

  it('allows one active ride per driver (rides_one_active_per_driver)', async () => {
    const driver = await user('driver');
    await ride(await user('rider'), 'accepted', driver);
    expect(uniqueViolation(await caught(ride(await user('rider'), 'in_progress', driver)), 'rides_one_active_per_driver')).toBe(true);
  });

  it('allows one open offer per ride (offers_one_open_per_ride)', async () => {
    const rideId = await ride(await user('rider'));
    await offer(rideId, await user('driver'));
    expect(uniqueViolation(await caught(offer(rideId, await user('driver'))), 'offers_one_open_per_ride')).toBe(true);
  });

  it('allows one accepted offer per ride (offers_one_accepted_per_ride)', async () => {
    const rideId = await ride(await user('rider'));
    await offer(rideId, await user('driver'), 'accepted');
    expect(uniqueViolation(await caught(offer(rideId, await user('driver'), 'accepted')), 'offers_one_accepted_per_ride')).toBe(true);
  });

  it('allows one open offer per driver, and one offer per driver per ride', async () => {
    const driver = await user('driver');
    const rideId = await ride(await user('rider'));
    await offer(rideId, driver, 'rejected');
    expect(uniqueViolation(await caught(offer(rideId, driver)), 'offers_once_per_driver_per_ride')).toBe(true);
    await offer(await ride(await user('rider')), driver);
    expect(uniqueViolation(await caught(offer(await ride(await user('rider')), driver)), 'offers_one_open_per_driver')).toBe(true);
  });

  it('keeps chat idempotent per client_id and gapless per seq', async () => {
    const rider = await user('rider');
    const rideId = await ride(rider);
    await chat(rideId, 1, 'c1', rider);
    expect(uniqueViolation(await caught(chat(rideId, 2, 'c1', rider)), 'chat_messages_ride_id_client_id_key')).toBe(true);
    expect(uniqueViolation(await caught(chat(rideId, 1, 'c2', rider)), 'chat_messages_pkey')).toBe(true);
    // The same client_id on another ride is a different message.
    const other = await ride(await user('rider'));
    await expect(chat(other, 1, 'c1', rider)).resolves.toEqual([]);
  });

  it('rejects rows that break the check constraints, naming them', async () => {
    const rider = await user('rider');
    expect(checkViolation(await caught(ride(rider, 'accepted', null)), 'rides_check')).toBe(true);
    expect(checkViolation(await caught(ride(rider, 'teleported', await user('driver'))), 'rides_status_check')).toBe(true);
    expect(checkViolation(await caught(getDb().query(`INSERT INTO users (id, role, name) VALUES ($1, 'admin', 'x')`, [id('u')])), 'users_role_check')).toBe(true);
    expect(foreignKeyViolation(await caught(ride('nobody')), 'rides_rider_id_fkey')).toBe(true);
  });

  it('returns numeric and bigint as strings and timestamptz as Date, the same on both back ends', async () => {
    const rideId = await ride(await user('rider'));
    const [row] = await getDb().query<{ fare_amount: unknown; created_at: unknown; total: unknown; total_int: unknown; surge: unknown }>(
      'SELECT fare_amount, created_at, count(*) OVER () AS total, (count(*) OVER ())::int AS total_int, surge FROM rides WHERE id = $1',
      [rideId],
    );
    expect(row).toMatchObject({ fare_amount: '12.50', total: '1', total_int: 1, surge: 1.5 });
    expect(row!.created_at).toBeInstanceOf(Date);
  });
});
