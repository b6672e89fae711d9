/**
 * Surge over time: every `SURGE_INTERVAL_MS` one instance (whoever takes the advisory lock)
 * reads demand and supply, computes the new multipliers with the pure `computeSurge`, stores
 * them in `surge_cells` and publishes only the changed cells on the `surge` topic.
 */
import { topics } from '@/lib/bus/topics';
import { computeSurge, countByCell, diffSurge } from '@/lib/domain';
import type { Queryable } from '@/lib/db/types';
import type { RideContext } from './context';
import { ASSIGNED_SQL } from './rows';

/** Requests count as demand while open, and for this long after they were made. */
const RECENT_DEMAND_MS = 10 * 60_000;
/** Any constant: the advisory lock that elects the instance computing this round. */
const SURGE_LOCK = 0x5375_7267;

export async function readSurgeCells(db: Queryable) {
  const rows = await db.query<{ h3: string; multiplier: number }>('SELECT h3, multiplier FROM surge_cells ORDER BY h3');
  return { cells: rows.map((row) => ({ h3: row.h3, multiplier: Number(row.multiplier) })), at: new Date().toISOString() };
}

/** One round. Returns the changed cells it published (empty when another instance had the round or nothing changed). */
export async function recomputeSurge(ctx: RideContext, intervalMs: number) {
  const changed = await ctx.db.transaction(async (tx) => {
    const [{ locked }] = (await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SURGE_LOCK])) as [{ locked: boolean }];
    if (!locked) return [];
    // Several instances each tick on their own clock: compute at most once per interval overall.
    const [last] = await tx.query<{ age_ms: number }>(
      `SELECT (EXTRACT(EPOCH FROM now() - max(updated_at)) * 1000)::float8 AS age_ms FROM surge_rounds`,
    );
    if (last?.age_ms != null && last.age_ms < intervalMs * 0.9) return [];
    const demand = await tx.query<{ lat: number; lng: number }>(
      `SELECT pickup_lat AS lat, pickup_lng AS lng FROM rides
       WHERE status = 'requested' OR created_at > now() - ($1 || ' milliseconds')::interval`,
      [String(RECENT_DEMAND_MS)],
    );
    const supply = await tx.query<{ lat: number; lng: number }>(
      `SELECT d.lat, d.lng FROM drivers d
       WHERE d.online AND d.lat IS NOT NULL AND d.located_at > now() - interval '60 seconds'
         AND NOT EXISTS (SELECT 1 FROM rides r WHERE r.driver_id = d.user_id AND r.status IN ${ASSIGNED_SQL})`,
    );
    const previousRows = await tx.query<{ h3: string; multiplier: number }>('SELECT h3, multiplier FROM surge_cells');
    const previous = new Map(previousRows.map((row) => [row.h3, Number(row.multiplier)]));
    const next = computeSurge({ demand: countByCell(demand), supply: countByCell(supply), previous });
    const diff = diffSurge(previous, next);
    for (const cell of diff) {
      if (cell.multiplier <= 1) await tx.query('DELETE FROM surge_cells WHERE h3 = $1', [cell.h3]);
      else {
        await tx.query(
          `INSERT INTO surge_cells (h3, multiplier, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (h3) DO UPDATE SET multiplier = EXCLUDED.multiplier, updated_at = now()`,
          [cell.h3, cell.multiplier],
        );
      }
    }
    await tx.query(`INSERT INTO surge_rounds (id, updated_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET updated_at = now()`);
    return diff;
  });
  if (changed.length > 0) {
    await ctx.bus.publish(topics.surge, { type: 'surge', data: { full: false, cells: changed, at: new Date().toISOString() } });
  }
  return changed;
}

/** Recomputes every `intervalMs`; returns the stop function. */
export function startSurge(ctx: RideContext, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    recomputeSurge(ctx, intervalMs)
      .catch((error: unknown) => ctx.log.error({ err: error }, 'surge round failed'))
      .finally(() => void (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
