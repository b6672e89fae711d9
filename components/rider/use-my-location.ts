'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { isInCity } from '@/lib/city/bounds';
import { currentPosition } from '@/lib/client/geolocation';
import type { LatLng } from '@/lib/protocol/common';

/**
 * "Use my location" for the pickup: one browser position, accepted only inside the city the
 * app serves (a rider elsewhere is told so and taps the map instead).
 */
export function useMyLocation(onLocated: (point: LatLng) => void) {
  const [state, setState] = useState<{ locating: boolean; error: string | null }>({ locating: false, error: null });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const locate = useCallback(async () => {
    setState({ locating: true, error: null });
    const result = await currentPosition();
    if (!mounted.current) return;
    if ('error' in result) {
      setState({ locating: false, error: `${result.error}. Tap the map to set your pickup.` });
    } else if (!isInCity(result)) {
      setState({ locating: false, error: 'You are outside Harbor City, the area Curbside serves. Tap the map to set your pickup.' });
    } else {
      setState({ locating: false, error: null });
      onLocated({ lat: result.lat, lng: result.lng });
    }
  }, [onLocated]);

  const clear = useCallback(() => setState((current) => (current.error ? { ...current, error: null } : current)), []);
  return { ...state, locate, clear };
}
