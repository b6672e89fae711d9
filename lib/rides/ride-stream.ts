import type { SseSnapshotEvent } from '@/lib/sse/sse-stream';
import type { RideContext } from './context';
import { rideEvent } from './ride-events';
import { findRide } from './ride-service';

/** The events that re-sync a ride stream: `ride` with the driver's last known location. */
export async function rideSnapshot(ctx: RideContext, rideId: string): Promise<SseSnapshotEvent[]> {
  const ride = await findRide(ctx, rideId);
  return ride ? [{ type: 'ride', data: await rideEvent(ctx, ride) }] : [];
}
