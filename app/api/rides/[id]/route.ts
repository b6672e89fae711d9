import { getRideFor } from '@/lib/rides/ride-service';
import { idParam, requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The ride, for its rider or its driver (403 for anyone else). */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(request);
  const id = await idParam(context, 'ride');
  const ride = await getRideFor(getServices().rides, id, user);
  return Response.json({ ride }, { headers: { 'Cache-Control': 'no-store' } });
});
