'use client';

import { useEffect, useRef } from 'react';
import type { ClientFrame } from '@/lib/client/frames';
import type { LocationFix } from '@/lib/sim/driver-motion';

/** How often the driver's position goes to the server. */
export const LOCATION_INTERVAL_MS = 2000;

interface Options {
  /** The driver's availability toggle. */
  online: boolean;
  /** On a ride, the position is reported even when offline for new trips (the rider watches the car). */
  onRide: boolean;
  /** The socket's current connection (null while none is open); a new one gets the state again. */
  connectionId: string | null;
  fix: LocationFix | null;
  send: (frame: ClientFrame) => unknown;
}

/**
 * Tells the server whether the driver takes trips (`driver.online`, again after every
 * reconnect) and, while online or on a ride, sends a `location` fix every 2 s.
 */
export function useLocationReporter({ online, onRide, connectionId, fix, send }: Options): void {
  const latestFix = useRef(fix);
  useEffect(() => {
    latestFix.current = fix;
  });

  useEffect(() => {
    if (connectionId) send({ type: 'driver.online', online });
  }, [online, connectionId, send]);

  const reporting = (online || onRide) && connectionId !== null;
  const hasFix = fix !== null;
  useEffect(() => {
    if (!reporting || !hasFix) return;
    const report = () => {
      const current = latestFix.current;
      if (current) send({ type: 'location', lat: current.lat, lng: current.lng, heading: current.heading, speed: current.speed });
    };
    report();
    const timer = setInterval(report, LOCATION_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [reporting, hasFix, connectionId, send]);
}
