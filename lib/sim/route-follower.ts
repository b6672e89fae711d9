/**
 * Moves a point along a route at each leg's speed. The simulated driver asks it "where am
 * I after t more seconds?" at each (irregular) location tick, and "how long until the end?"
 * to wake up exactly on arrival.
 */
import { type Route } from '@/lib/city/road-graph';
import { bearingDegrees, haversineMeters, interpolate } from '@/lib/city/geo';
import { type LatLng } from '@/lib/protocol/common';

/** Progress along one route. */
export interface RouteFollower {
  /** Current position. */
  position(): LatLng;
  /** Compass heading of the current leg (of the last leg once done), degrees [0, 360). */
  heading(): number;
  /** Current speed in m/s; 0 once done. */
  speed(): number;
  /** Seconds of driving left. */
  remainingSeconds(): number;
  /** Whether the end has been reached. */
  readonly done: boolean;
  /** Drives on for `seconds`; stops at the end. */
  advance(seconds: number): void;
}

/** Starts at the route's first point. `initialHeading` is used for a route with no legs. */
export function createRouteFollower(route: Route, initialHeading = 0): RouteFollower {
  const points = route.points;
  const lengths = points.slice(1).map((p, i) => haversineMeters(points[i] as LatLng, p));
  const speeds = route.speedsMps;
  let leg = 0;
  let into = 0; // metres into the current leg
  // Skip legs of zero length up front so `heading()` never reads a degenerate bearing.
  const settle = () => {
    while (leg < lengths.length && into >= (lengths[leg] as number)) {
      into -= lengths[leg] as number;
      leg++;
    }
  };
  settle();
  const done = () => leg >= lengths.length;
  const last = points.at(-1) as LatLng;

  return {
    position() {
      if (done()) return last;
      const length = lengths[leg] as number;
      return interpolate(points[leg] as LatLng, points[leg + 1] as LatLng, length > 0 ? into / length : 0);
    },
    heading() {
      const at = Math.min(leg, lengths.length - 1);
      if (at < 0) return initialHeading;
      return bearingDegrees(points[at] as LatLng, points[at + 1] as LatLng);
    },
    speed() {
      return done() ? 0 : (speeds[leg] as number);
    },
    remainingSeconds() {
      if (done()) return 0;
      let seconds = ((lengths[leg] as number) - into) / (speeds[leg] as number);
      for (let i = leg + 1; i < lengths.length; i++) seconds += (lengths[i] as number) / (speeds[i] as number);
      return seconds;
    },
    get done() {
      return done();
    },
    advance(seconds) {
      let left = seconds;
      while (left > 0 && !done()) {
        const speed = speeds[leg] as number;
        const legLeft = (lengths[leg] as number) - into;
        if (legLeft <= speed * left) {
          left -= legLeft / speed;
          into = lengths[leg] as number;
          settle();
        } else {
          into += speed * left;
          left = 0;
        }
      }
    },
  };
}
