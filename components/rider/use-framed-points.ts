'use client';

import { useMemo, useState } from 'react';
import type { LatLng } from '@/lib/protocol/common';
import type { DriverLocation, Ride } from '@/lib/protocol/ride';
import { isOngoing } from '@/lib/stores/ride-state';

/**
 * The points the rider's map frames: the trip's two ends and, on a ride, where the car was
 * when the ride last changed status, so the driver is on screen as soon as one is assigned
 * (on a phone the car is often off-screen otherwise). The car's later moves do not move the
 * camera under the rider's fingers: only a new status, or the first fix, re-frames.
 */
export function useFramedPoints(from: LatLng | null, to: LatLng | null, ride: Ride | null, location: DriverLocation | null): LatLng[] | undefined {
  const key = location && isOngoing(ride) && ride ? `${ride.id}:${ride.status}` : null;
  const [framed, setFramed] = useState<{ key: string; car: LatLng } | null>(null);
  // Adjusting state while rendering (react.dev, "storing information from previous renders").
  if (key && location && framed?.key !== key) setFramed({ key, car: { lat: location.lat, lng: location.lng } });
  const car = key && framed?.key === key ? framed.car : null;
  return useMemo(() => (from && to ? [from, to, ...(car ? [car] : [])] : undefined), [from, to, car]);
}
