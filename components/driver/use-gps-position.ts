'use client';

import { useEffect, useState } from 'react';
import { describeGeolocationError } from '@/lib/client/geolocation';
import type { LocationFix } from '@/lib/sim/driver-motion';

interface GpsState {
  request: number;
  fix: LocationFix | null;
  error: string | null;
}

/**
 * The browser's geolocation while `request` is non-zero (each new number is a fresh attempt,
 * so "Use my GPS" can be retried after an error). Returns the newest fix or why there is none.
 */
export function useGpsPosition(request: number): { fix: LocationFix | null; error: string | null } {
  const [state, setState] = useState<GpsState>({ request: 0, fix: null, error: null });
  useEffect(() => {
    if (!request) return;
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      const timer = setTimeout(() => setState({ request, fix: null, error: 'This browser has no location service' }), 0);
      return () => clearTimeout(timer);
    }
    const watch = navigator.geolocation.watchPosition(
      ({ coords }) => setState({ request, error: null, fix: toFix(coords) }),
      (error) => setState((current) => ({ request, fix: current.request === request ? current.fix : null, error: describeGeolocationError(error) })),
      { enableHighAccuracy: true, maximumAge: 2000, timeout: 20_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, [request]);
  return state.request === request && request !== 0 ? { fix: state.fix, error: state.error } : { fix: null, error: null };
}

function toFix(coords: GeolocationCoordinates): LocationFix {
  const heading = Number.isFinite(coords.heading) ? ((coords.heading as number) % 360 + 360) % 360 : 0;
  const speed = Number.isFinite(coords.speed) ? Math.min(100, Math.max(0, coords.speed as number)) : 0;
  return { lat: coords.latitude, lng: coords.longitude, heading, speed };
}
