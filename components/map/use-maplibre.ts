/**
 * Creates a MapLibre map in a container, client-side only, and tears it down on unmount.
 * StrictMode-safe: the first (discarded) mount's import is ignored once it is cleaned up.
 */
import { useEffect, useState, type RefObject } from 'react';
import { CITY_BBOX } from '@/lib/city/bounds';
import { styleFor } from '@/lib/map/offline-style';
import { addOverlayLayers } from './layers';
import { type LoadedMap, type MapControlsPosition, type MapState } from './types';

/** Where lib/map/copy-worker.mjs puts maplibre-gl's worker (shared/PITFALLS.md). */
export const MAPLIBRE_WORKER_URL = '/maplibre/maplibre-gl-worker.mjs';

/** A map that never loads (no WebGL, a hung style) is reported after this long. */
const LOAD_TIMEOUT_MS = 30_000;

const [WEST, SOUTH, EAST, NORTH] = CITY_BBOX;
/** Panning stops a city-width beyond the city: there is nothing to see further out. */
const MAX_BOUNDS: [number, number, number, number] = [
  WEST - (EAST - WEST), SOUTH - (NORTH - SOUTH), EAST + (EAST - WEST), NORTH + (NORTH - SOUTH),
];

/** The map once loaded, and where it is in its lifecycle. */
export interface UseMaplibreResult {
  loaded: LoadedMap | null;
  state: MapState;
}

interface Stored extends UseMaplibreResult {
  /** The style the state belongs to, so a style change reads as `loading` at once. */
  styleKey: string;
}

/**
 * Mounts a map into `container` with `styleUrl` (MAP_STYLE_URL) or the offline city style,
 * its zoom buttons in the `controls` corner. The overlay layers are added before the map
 * reports `ready`.
 */
export function useMaplibre(
  container: RefObject<HTMLDivElement | null>, styleUrl?: string, controls: MapControlsPosition = 'bottom-right',
): UseMaplibreResult {
  const styleKey = styleUrl?.trim() || 'offline';
  const [stored, setStored] = useState<Stored>({ styleKey, loaded: null, state: 'loading' });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let map: LoadedMap['map'] | undefined;
    const fail = (reason: unknown): void => {
      if (disposed) return;
      console.error('[city-map] the map could not load:', reason);
      setStored({ styleKey, loaded: null, state: 'error' });
    };
    const timeout = setTimeout(() => fail(new Error(`no load event after ${LOAD_TIMEOUT_MS} ms`)), LOAD_TIMEOUT_MS);

    import('maplibre-gl')
      .then((lib) => {
        if (disposed) return;
        lib.setWorkerUrl(MAPLIBRE_WORKER_URL);
        const created = new lib.Map({
          container: element,
          style: styleFor(styleUrl, window.location.origin),
          bounds: CITY_BBOX as [number, number, number, number],
          fitBoundsOptions: { padding: 16 },
          maxBounds: MAX_BOUNDS,
          minZoom: 10,
          maxZoom: 19,
          dragRotate: false,
          pitchWithRotate: false,
          // The offline city needs no attribution; a tile provider's style brings its own.
          attributionControl: styleKey === 'offline' ? false : { compact: true },
        });
        map = created;
        created.touchZoomRotate.disableRotation();
        created.addControl(new lib.NavigationControl({ showCompass: false }), controls);
        created.on('error', (event) => {
          // Before `load`, a style or WebGL error means no map; a failed source or tile later is
          // logged by MapLibre and the rest of the map keeps working.
          const sourceError = 'sourceId' in event && Boolean(event.sourceId);
          if (!created.loaded() && !sourceError) fail(event.error);
        });
        created.once('load', () => {
          if (disposed) return;
          clearTimeout(timeout);
          addOverlayLayers(created);
          setStored({ styleKey, loaded: { lib, map: created }, state: 'ready' });
        });
      })
      .catch(fail);

    return () => {
      disposed = true;
      clearTimeout(timeout);
      map?.remove();
    };
  }, [container, styleUrl, styleKey, controls]);

  return stored.styleKey === styleKey ? stored : { loaded: null, state: 'loading' };
}
