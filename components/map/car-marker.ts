/**
 * The animated car: a MapLibre marker driven by `createCarAnimator` on every animation
 * frame. Framework-free; the component creates one per map and destroys it on unmount.
 */
import { createCarAnimator, type CarFix } from '@/lib/map/car-animator';
import { createCarElement } from './marker-elements';
import { type LoadedMap } from './types';

/** Local wall-clock time with sub-millisecond resolution, on the same epoch as fix times. */
const wallClock = (): number => performance.timeOrigin + performance.now();

/** An animated car on a map. */
export interface CarMarker {
  /** Feeds a location fix (older or duplicate fixes are ignored). */
  push(fix: CarFix): void;
  /** Removes the marker and stops the animation loop. */
  destroy(): void;
}

/** Adds an (initially hidden) car to `map`; it appears with the first fix. */
export function createCarMarker({ lib, map }: LoadedMap): CarMarker {
  const animator = createCarAnimator();
  const marker = new lib.Marker({ element: createCarElement(), rotationAlignment: 'map', pitchAlignment: 'map' });
  let onMap = false;
  let frame = 0;
  let lastKey = '';

  function draw(): void {
    frame = requestAnimationFrame(draw);
    const pose = animator.positionAt(wallClock());
    if (!pose) return;
    // Skip DOM writes while the car is parked.
    const key = `${pose.lat.toFixed(7)},${pose.lng.toFixed(7)},${pose.bearing.toFixed(1)}`;
    if (key === lastKey) return;
    lastKey = key;
    marker.setLngLat([pose.lng, pose.lat]).setRotation(pose.bearing);
    if (!onMap) {
      marker.addTo(map);
      onMap = true;
    }
  }
  frame = requestAnimationFrame(draw);

  return {
    push(fix) {
      animator.push(fix, wallClock());
    },
    destroy() {
      cancelAnimationFrame(frame);
      marker.remove();
    },
  };
}
