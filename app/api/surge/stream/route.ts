import { requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';
import { streamTopic, topics } from '@/lib/server/topic-stream';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Surge multipliers on H3 cells for any signed-in user: a full snapshot, then changed cells. */
export const GET = route(async (request) => {
  const user = await requireUser(request);
  return streamTopic(request, user, {
    kind: 'surge',
    topic: topics.surge,
    snapshot: async () => [{ type: 'surge', data: { full: true, ...(await getServices().surgeSnapshot()) } }],
  });
});
