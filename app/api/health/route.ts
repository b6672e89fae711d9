import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Liveness and the live connection counts (used by tests and load generators). */
export function GET() {
  const { bus, sseHeartbeat, config, hubStats } = getServices();
  return Response.json(
    { ok: true, bus: { kind: config.REDIS_URL ? 'redis' : 'memory', ...bus.stats() }, sseStreams: sseHeartbeat.size(), ws: hubStats() },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
