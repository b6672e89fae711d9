/**
 * Driver presence and location. A fix is validated (range by schema, speed sanity here),
 * stored as the driver's last location, and published ONLY to the topic of the ride that
 * driver is on: no one else can watch a driver.
 */
import { haversineMeters } from '@/lib/domain';
import { topics } from '@/lib/bus/topics';
import { AppError } from '@/lib/errors';
import type { User } from '@/lib/protocol/common';
import { ErrorCode } from '@/lib/protocol/error-codes';
import type { RideContext } from './context';
import { ASSIGNED_SQL, iso, type DriverRow } from './rows';
import { ensureUser } from './users';

/** Faster than this between two fixes is a bad GPS jump or a spoof (250 km/h). */
const MAX_SPEED_MPS = 70;

const requireDriver = (user: User) => {
  if (user.role !== 'driver') throw new AppError(ErrorCode.FORBIDDEN, 'Only drivers can do that', 403);
};

export async function setOnline(ctx: RideContext, driver: User, online: boolean): Promise<void> {
  requireDriver(driver);
  await ensureUser(ctx.db, driver);
  await ctx.db.query(
    `INSERT INTO drivers (user_id, online, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (user_id) DO UPDATE SET online = EXCLUDED.online, updated_at = now()`,
    [driver.id, online],
  );
}

export interface Fix {
  lat: number;
  lng: number;
  heading?: number;
  speed?: number;
}

export async function reportLocation(ctx: RideContext, driver: User, fix: Fix, at = new Date()): Promise<void> {
  requireDriver(driver);
  await ensureUser(ctx.db, driver);
  const [previous] = await ctx.db.query<DriverRow>('SELECT * FROM drivers WHERE user_id = $1', [driver.id]);
  if (previous?.lat != null && previous.lng != null && previous.located_at) {
    const seconds = Math.max(0.5, (at.getTime() - new Date(previous.located_at).getTime()) / 1000);
    const meters = haversineMeters({ lat: previous.lat, lng: previous.lng }, fix);
    if (seconds < 300 && meters / seconds > MAX_SPEED_MPS) {
      throw new AppError(ErrorCode.INVALID, `Location jumped ${Math.round(meters)} m in ${seconds.toFixed(1)} s; ignored`, 400);
    }
  }
  const heading = fix.heading ?? null;
  const speed = fix.speed ?? null;
  const [row] = await ctx.db.query<{ ride_id: string | null }>(
    `WITH updated AS (
       INSERT INTO drivers (user_id, online, lat, lng, heading, speed, located_at, updated_at)
       VALUES ($1, false, $2, $3, $4, $5, $6, now())
       ON CONFLICT (user_id) DO UPDATE SET lat = EXCLUDED.lat, lng = EXCLUDED.lng, heading = EXCLUDED.heading,
         speed = EXCLUDED.speed, located_at = EXCLUDED.located_at, updated_at = now()
       RETURNING user_id)
     SELECT (SELECT id FROM rides WHERE driver_id = $1 AND status IN ${ASSIGNED_SQL} LIMIT 1) AS ride_id`,
    [driver.id, fix.lat, fix.lng, heading, speed, at],
  );
  if (row?.ride_id) {
    await ctx.bus.publish(topics.ride(row.ride_id), {
      type: 'location',
      data: { driverId: driver.id, lat: fix.lat, lng: fix.lng, heading, speed, at: iso(at) },
    });
  }
}
