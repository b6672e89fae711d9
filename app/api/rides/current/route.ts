import { currentRideOf } from '@/lib/rides/ride-service';
import { requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The signed-in user's unfinished ride, or `{ ride: null }` (restores the app after a reload). */
export const GET = route(async (request) => {
  const user = await requireUser(request);
  const ride = await currentRideOf(getServices().rides, user);
  return Response.json({ ride }, { headers: { 'Cache-Control': 'no-store' } });
});
