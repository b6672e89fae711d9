import { rideSnapshot } from '@/lib/rides/ride-stream';
import { idParam, requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';
import { streamTopic, topics } from '@/lib/server/topic-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A ride's live stream (status changes and the driver's location), for its rider and driver only. */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(request);
  const id = await idParam(context, 'ride');
  const { rides, rideAccess } = getServices();
  await rideAccess.check(rides, id, user);
  return streamTopic(request, user, { kind: 'ride', topic: topics.ride(id), snapshot: () => rideSnapshot(rides, id) });
});
