'use client';

/**
 * The city map: MapLibre on the offline city basemap (or MAP_STYLE_URL tiles), with the
 * surge overlay, a route, pickup/drop-off pins and a smoothly animated car. maplibre-gl is
 * imported dynamically inside an effect, so it never runs on the server.
 *
 * State for tests and styling: the container carries `data-map-state="loading|ready|error"`.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { useImperativeHandle, useRef, type Ref } from 'react';
import { type LatLng } from '@/lib/domain';
import { type CarFix } from '@/lib/map/car-animator';
import { type SurgeHexagon } from '@/lib/map/overlays';
import { type MapControlsPosition, type MapMarker } from './types';
import { useMaplibre } from './use-maplibre';
import { useCarMarker, useDataLayers, useFitTo, useMapClick, usePointMarkers, type FitInsets } from './use-map-overlays';

/** Imperative access, for feeds too frequent to pass through React state. */
export interface CityMapHandle {
  /** Feeds one location fix to the animated car (older/duplicate fixes are ignored). */
  pushCarFix(fix: CarFix): void;
}

/** Props of `CityMap`. Arrays are compared by identity: memoise them in the parent. */
export interface CityMapProps {
  /** A MapLibre style URL (MAP_STYLE_URL); unset uses the offline city style. */
  styleUrl?: string;
  /** Called with the point the user clicked or tapped. */
  onMapClick?: (latLng: LatLng) => void;
  /** Pins to show, diffed by id. */
  markers?: readonly MapMarker[];
  /** A line to draw, e.g. the trip route. */
  route?: readonly LatLng[];
  /** The newest fix of the car to animate; `null` takes the car off the map (alternatively use `ref.pushCarFix`). */
  car?: CarFix | null;
  /** Surge cells to tint. */
  hexagons?: readonly SurgeHexagon[];
  /** Points to frame; the camera moves when their values change. */
  fitTo?: readonly LatLng[];
  /** Pixels covered by overlays on each side, kept clear when framing `fitTo`. */
  fitInsets?: FitInsets;
  /** The corner for the zoom buttons (default bottom-right): keep it clear of the page's overlays. */
  controlsPosition?: MapControlsPosition;
  /** Accessible name of the map region. */
  label?: string;
  /** What the user can still do when the map fails, finishing "The map could not load. You can still …". */
  fallbackHint?: string;
  /** Classes for the outer box; it fills its parent by default. */
  className?: string;
  /** Imperative handle (React 19 passes `ref` as a prop). */
  ref?: Ref<CityMapHandle>;
}

/** A full-size interactive map of the city. */
export function CityMap({
  styleUrl, onMapClick, markers, route, car, hexagons, fitTo, fitInsets, controlsPosition, ref,
  label = 'Map of the city', fallbackHint = 'use the rest of this page; reload to try the map again.', className = 'h-full w-full',
}: CityMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const { loaded, state } = useMaplibre(container, styleUrl, controlsPosition);
  useDataLayers(loaded, route, hexagons);
  usePointMarkers(loaded, markers);
  const pushCarFix = useCarMarker(loaded, car);
  useFitTo(loaded, fitTo, fitInsets);
  useMapClick(loaded, onMapClick);
  useImperativeHandle(ref, () => ({ pushCarFix: (fix) => pushCarFix.current(fix) }), [pushCarFix]);

  return (
    <div className={`relative overflow-hidden bg-[#f1f0ec] ${className}`} data-map-state={state} role="region" aria-label={label}>
      {/* Inline, because maplibre-gl.css (unlayered) sets `position: relative` on the map
          container and would beat a Tailwind (layered) `absolute` class. */}
      <div ref={container} style={{ position: 'absolute', inset: 0 }} />
      {/* Centred, not at the top edge, where the pages put their status badges. */}
      {state === 'loading' && (
        <p className="pointer-events-none absolute left-1/2 top-1/2 -translate-x-1/2 -translate-y-1/2 rounded-full bg-white/90 px-3 py-1 text-sm text-slate-600 shadow">
          Loading map…
        </p>
      )}
      {state === 'error' && (
        <div role="alert" className="absolute inset-0 flex items-center justify-center bg-slate-100 p-6 text-center">
          <p className="max-w-sm text-base text-slate-700">The map could not load. You can still {fallbackHint}</p>
        </div>
      )}
    </div>
  );
}
