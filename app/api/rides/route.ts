import { AppError } from '@/lib/errors';
import { ErrorCode } from '@/lib/protocol/error-codes';
import { rideRequestBodySchema } from '@/lib/protocol/ride';
import { requestRide } from '@/lib/rides/ride-service';
import { readJson, requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';


/** A rider requests a ride: 201 with the ride (fare quoted at the pickup's surge), then dispatch begins. */
export const POST = route(async (request) => {
  const user = await requireUser(request);
  const { pickup, dropoff } = await readJson(request, rideRequestBodySchema, 2048);
  // Limits what costs: creating rides (refusing a bad body is cheap).
  const { rides, rideRequestLimiter } = getServices();
  const wait = rideRequestLimiter.take(user.id);
  if (wait > 0) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many ride requests; try again shortly', 429, wait);
  const ride = await requestRide(rides, user, pickup, dropoff);
  return Response.json({ ride }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
