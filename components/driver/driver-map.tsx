'use client';

import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { CityMap, type MapMarker, type SurgeHexagon } from '@/components/map';
import type { LatLng } from '@/lib/protocol/common';
import { roundPoint } from './routing';

interface DriverMapProps {
  self: LatLng | null;
  pickup: LatLng | null;
  dropoff: LatLng | null;
  route: readonly LatLng[] | null;
  /** Which points the camera frames besides the driver. */
  focus: readonly LatLng[];
  /** Surge cells, so a free driver sees where demand is. */
  hexagons: readonly SurgeHexagon[];
}

const NO_ROUTE: readonly LatLng[] = Object.freeze([]);

/**
 * A new framing waits this long: the sheet below the map usually changes in the same render
 * (an offer or trip panel appears), and the map must have resized to its new height before
 * it fits the points, or they end up under the sheet.
 */
const FIT_DELAY_MS = 120;

/** The panels over the map: the top bar on a phone; the left column (top bar and sheet) from `lg` up. */
const PHONE_INSETS = Object.freeze({ top: 110, bottom: 0, left: 0, right: 36 }); // right: the zoom buttons
const DESKTOP_INSETS = Object.freeze({ top: 0, bottom: 0, left: 448, right: 36 });
const DESKTOP_QUERY = '(min-width: 1024px)';

function useDesktop(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(DESKTOP_QUERY);
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => window.matchMedia(DESKTOP_QUERY).matches,
    () => false,
  );
}

/** The map as the driver sees it: their own position, the trip's pins and route, framed together. */
export function DriverMap({ self, pickup, dropoff, route, focus, hexagons }: DriverMapProps) {
  const markers = useMemo<MapMarker[]>(() => {
    const list: MapMarker[] = [];
    if (pickup) list.push({ id: 'pickup', kind: 'pickup', lngLat: pickup });
    if (dropoff) list.push({ id: 'dropoff', kind: 'dropoff', lngLat: dropoff });
    if (self) list.push({ id: 'self', kind: 'driver-self', lngLat: self });
    return list;
  }, [self, pickup, dropoff]);

  // The camera follows at ~100 m steps, so it does not re-frame on every fix.
  const anchor = self ? roundPoint(self, 3) : null;
  const fitKey = [anchor, ...focus].filter((p): p is LatLng => p !== null).map((p) => `${p.lat},${p.lng}`).join(';');
  const desktop = useDesktop();
  const [appliedKey, setAppliedKey] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAppliedKey(fitKey), FIT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [fitKey]);
  const fitTo = useMemo(
    () => (appliedKey ? appliedKey.split(';').map((pair) => {
      const [lat, lng] = pair.split(',').map(Number);
      return { lat: lat as number, lng: lng as number };
    }) : undefined),
    [appliedKey],
  );

  return (
    <CityMap
      markers={markers}
      route={route ?? NO_ROUTE}
      fitTo={fitTo}
      fitInsets={desktop ? DESKTOP_INSETS : PHONE_INSETS}
      hexagons={hexagons}
      label="Map with your position"
      fallbackHint="accept and run trips from the panel below."
    />
  );
}
