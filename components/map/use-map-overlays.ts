/** Keeps a loaded map in step with the component's props: overlays, markers, car, camera, clicks. */
import { useEffect, useRef, type RefObject } from 'react';
import { type LatLng } from '@/lib/domain';
import { type CarFix } from '@/lib/map/car-animator';
import { boundsOf, type SurgeHexagon } from '@/lib/map/overlays';
import { createCarMarker, type CarMarker } from './car-marker';
import { showHexagons, showRoute } from './layers';
import { createPointMarkers } from './point-markers';
import { type LoadedMap, type MapMarker } from './types';

const NONE: readonly never[] = Object.freeze([]);

/** Draws `route` and `hexagons` whenever they change. */
export function useDataLayers(loaded: LoadedMap | null, route: readonly LatLng[] = NONE, hexagons: readonly SurgeHexagon[] = NONE): void {
  const map = loaded?.map;
  useEffect(() => {
    if (map) showRoute(map, route);
  }, [map, route]);
  useEffect(() => {
    if (map) showHexagons(map, hexagons);
  }, [map, hexagons]);
}

/** Shows exactly `markers` on the map. */
export function usePointMarkers(loaded: LoadedMap | null, markers: readonly MapMarker[] = NONE): void {
  const placed = useRef<ReturnType<typeof createPointMarkers> | null>(null);
  useEffect(() => {
    if (!loaded) return;
    const set = createPointMarkers(loaded);
    placed.current = set;
    return () => {
      set.destroy();
      placed.current = null;
    };
  }, [loaded]);
  useEffect(() => {
    placed.current?.sync(markers);
  }, [loaded, markers]);
}

/**
 * The animated car. Returns a ref whose `push` feeds fixes imperatively (fixes that arrive
 * before the map is ready are kept until it is); `latestFix` feeds it from props. A
 * `latestFix` of `null` takes the car off the map (the ride is over); the next fix brings a
 * new car that starts where that fix is, not gliding from where the old one stopped.
 * `undefined` leaves the car to the imperative `push`.
 */
export function useCarMarker(loaded: LoadedMap | null, latestFix: CarFix | null | undefined): RefObject<(fix: CarFix) => void> {
  const car = useRef<CarMarker | null>(null);
  const pending = useRef<CarFix[]>([]);
  const push = useRef((fix: CarFix): void => {
    if (car.current) car.current.push(fix);
    else pending.current = [...pending.current.slice(-4), fix];
  });
  const removed = latestFix === null;
  useEffect(() => {
    if (!loaded || removed) return;
    const created = createCarMarker(loaded);
    car.current = created;
    for (const fix of pending.current) created.push(fix);
    pending.current = [];
    return () => {
      created.destroy();
      car.current = null;
    };
  }, [loaded, removed]);
  useEffect(() => {
    if (latestFix) push.current(latestFix);
  }, [latestFix]);
  return push;
}

/** Moves the camera to show `points` whenever their values (not just their identity) change. */
/** Space kept clear around fitted points, in pixels (e.g. the bottom sheet's height). */
export interface FitInsets {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function useFitTo(loaded: LoadedMap | null, points: readonly LatLng[] | undefined, insets?: FitInsets): void {
  const key = points && points.length > 0 ? points.map((p) => `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`).join(';') : '';
  const latest = useRef(points);
  useEffect(() => {
    latest.current = points;
  });
  useEffect(() => {
    const map = loaded?.map;
    const bounds = boundsOf(latest.current ?? NONE);
    if (!map || !bounds || !key) return;
    const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    const small = Math.min(map.getContainer().clientWidth, map.getContainer().clientHeight) < 480;
    const margin = small ? 40 : 80;
    // Overlays (badges above, the ride sheet below) cover part of the map: keep the points clear of them.
    const padding = insets
      ? { top: insets.top + margin / 2, bottom: insets.bottom + margin / 2, left: insets.left + margin / 2, right: insets.right + margin / 2 }
      : margin;
    const duration = reduceMotion ? 0 : 600;
    const [west, south, east, north] = bounds;
    if (west === east && south === north) map.easeTo({ center: [west, south], zoom: Math.max(map.getZoom(), 15), duration });
    else map.fitBounds([[west, south], [east, north]], { padding, maxZoom: 16, duration });
    // Insets are read when the points change; a moving sheet must not move the camera.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, key]);
}

/** Calls the latest `onMapClick` with the clicked point. */
export function useMapClick(loaded: LoadedMap | null, onMapClick: ((latLng: LatLng) => void) | undefined): void {
  const handler = useRef(onMapClick);
  useEffect(() => {
    handler.current = onMapClick;
  });
  useEffect(() => {
    const map = loaded?.map;
    if (!map) return;
    const listener = (event: { lngLat: { lat: number; lng: number } }): void => {
      handler.current?.({ lat: event.lngLat.lat, lng: event.lngLat.lng });
    };
    map.on('click', listener);
    return () => {
      map.off('click', listener);
    };
  }, [loaded]);
}
