import { cancelRide } from '@/lib/rides/ride-service';
import { idParam, requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The rider cancels before the trip starts (409 once it has). */
export const POST = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(request);
  const id = await idParam(context, 'ride');
  const ride = await cancelRide(getServices().rides, id, user);
  return Response.json({ ride }, { headers: { 'Cache-Control': 'no-store' } });
});
