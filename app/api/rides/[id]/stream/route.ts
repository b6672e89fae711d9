import { AppError } from '@/lib/errors';
import { idSchema } from '@/lib/protocol/common';
import { ErrorCode } from '@/lib/protocol/error-codes';
import { requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';
import { streamTopic, topics } from '@/lib/server/topic-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A ride's live stream (status changes and the driver's location), for its rider and driver only. */
export const GET = route(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const user = await requireUser(request);
  const { id } = await context.params;
  if (!idSchema.safeParse(id).success) throw new AppError(ErrorCode.NOT_FOUND, 'No such ride', 404);
  const { rides } = getServices();
  const participants = await rides.participants(id);
  if (!participants) throw new AppError(ErrorCode.NOT_FOUND, 'No such ride', 404);
  if (participants.riderId !== user.id && participants.driverId !== user.id) {
    throw new AppError(ErrorCode.FORBIDDEN, 'This is not your ride', 403);
  }
  return streamTopic(request, user, {
    kind: 'ride',
    topic: topics.ride(id),
    snapshot: () => rides.snapshot(id),
  });
});
