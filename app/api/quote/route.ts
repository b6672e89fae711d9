import { rideRequestBodySchema } from '@/lib/protocol/ride';
import { quoteTrip } from '@/lib/rides/ride-service';
import { readJson, requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The fare and surge a ride would have now, with its road route: shown before the rider commits. */
export const POST = route(async (request) => {
  await requireUser(request);
  const { pickup, dropoff } = await readJson(request, rideRequestBodySchema, 2048);
  const quote = await quoteTrip(getServices().rides, pickup, dropoff);
  return Response.json({ quote }, { headers: { 'Cache-Control': 'no-store' } });
});
