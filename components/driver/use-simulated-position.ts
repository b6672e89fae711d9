'use client';

import { useEffect, useRef, useState } from 'react';
import { isInCity } from '@/lib/city/bounds';
import { type RoadGraph } from '@/lib/city/road-graph';
import { defaultTimers } from '@/lib/client/timers';
import type { LatLng } from '@/lib/protocol/common';
import { createDriverMotion, type DriverMotion, type LocationFix } from '@/lib/sim/driver-motion';
import { createTimerBag } from '@/lib/sim/timer-bag';

/** What the simulated car should do: stay put, drive around, or drive to a point and stop there. */
export type MotionPlan =
  | { kind: 'park' }
  | { kind: 'cruise' }
  | { kind: 'drive'; target: LatLng };

const TICK_MS = 1000;

const planKey = (plan: MotionPlan) =>
  plan.kind === 'drive' ? `drive:${plan.target.lat},${plan.target.lng}` : plan.kind;

/**
 * The driver's own position when no GPS is used: a car moving along the city's roads at
 * road-class speed (the same motion model as the server's simulated drivers). The last
 * position is kept in localStorage, so a reload does not teleport the car (the server refuses
 * fixes that imply more than 70 m/s).
 */
export function useSimulatedPosition(graph: RoadGraph | null, plan: MotionPlan, storageKey: string): LocationFix | null {
  const [fix, setFix] = useState<LocationFix | null>(null);
  const motion = useRef<DriverMotion | null>(null);
  const latestPlan = useRef(plan);
  useEffect(() => {
    latestPlan.current = plan;
  });

  useEffect(() => {
    if (!graph) return;
    const timers = createTimerBag(defaultTimers);
    const emit = (next: LocationFix) => {
      setFix(next);
      try {
        localStorage.setItem(storageKey, JSON.stringify({ lat: next.lat, lng: next.lng }));
      } catch {
        // Private mode or full storage: the position is simply not remembered.
      }
    };
    const created = createDriverMotion({
      graph,
      random: Math.random,
      now: Date.now,
      timers,
      start: storedPosition(storageKey) ?? undefined,
      intervalMs: [TICK_MS, TICK_MS],
      onFix: emit,
    });
    created.start();
    motion.current = created;
    applyPlan(created, latestPlan.current);
    // The first fix right away (the tick loop emits the next ones).
    const first = setTimeout(() => emit(created.fix()), 0);
    return () => {
      clearTimeout(first);
      created.stop();
      timers.clearAll();
      motion.current = null;
    };
  }, [graph, storageKey]);

  const key = planKey(plan);
  useEffect(() => {
    if (motion.current) applyPlan(motion.current, latestPlan.current);
  }, [key]);

  return fix;
}

function applyPlan(motion: DriverMotion, plan: MotionPlan): void {
  if (plan.kind === 'park') motion.park();
  else if (plan.kind === 'cruise') motion.cruise();
  else motion.driveTo(plan.target, () => motion.park(), true);
}

function storedPosition(key: string): LatLng | null {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? 'null') as unknown;
    if (value && typeof value === 'object' && 'lat' in value && 'lng' in value) {
      const { lat, lng } = value as { lat: unknown; lng: unknown };
      if (typeof lat === 'number' && typeof lng === 'number' && isInCity({ lat, lng })) return { lat, lng };
    }
  } catch {
    // Unreadable: start somewhere new.
  }
  return null;
}
