'use client';

import { type RoadGraph } from '@/lib/city/road-graph';
import type { LocationFix } from '@/lib/sim/driver-motion';
import { useGpsPosition } from './use-gps-position';
import { useSimulatedPosition, type MotionPlan } from './use-simulated-position';

export interface DriverPosition {
  fix: LocationFix | null;
  source: 'sim' | 'gps';
  /** Why GPS is not in use after being asked for, or that it is still starting. */
  note: string | null;
}

/**
 * The driver's own position: simulated along the roads by default; the browser's GPS once the
 * driver asks for it (`gpsRequest` > 0), falling back to the simulation, with a note, on error.
 */
export function useDriverPosition(graph: RoadGraph | null, plan: MotionPlan, userId: string, gpsRequest: number): DriverPosition {
  const simulated = useSimulatedPosition(graph, plan, `curbside:driver-position:${userId}`);
  const gps = useGpsPosition(gpsRequest);
  if (gpsRequest > 0 && gps.error) {
    return { fix: simulated, source: 'sim', note: `${gps.error}. Using a simulated position.` };
  }
  if (gpsRequest > 0 && gps.fix) return { fix: gps.fix, source: 'gps', note: null };
  if (gpsRequest > 0) return { fix: simulated, source: 'sim', note: 'Waiting for GPS…' };
  return { fix: simulated, source: 'sim', note: null };
}
