/**
 * Where a simulated driver is and where it is going. Owns the location tick: every 1–4 s
 * (random, like a phone's GPS under a battery-saving scheduler) it advances the car along
 * its route and emits a fix. A precise drive (to a pickup or dropoff) also wakes up at the
 * arrival moment and emits a fix from the exact point, so "arrived" is never sent from
 * somewhere past the rider; cruising simply notices arrival at the next regular tick.
 */
import { haversineMeters } from '@/lib/city/geo';
import { type RoadGraph } from '@/lib/city/road-graph';
import { type LatLng } from '@/lib/protocol/common';
import { type RouteFollower, createRouteFollower } from './route-follower';
import { type TimerBag } from './timer-bag';

/** One location report, ready for a `location` frame (speed in m/s, heading in degrees). */
export interface LocationFix {
  lat: number;
  lng: number;
  heading: number;
  speed: number;
}

/** Options for {@link createDriverMotion}. */
export interface DriverMotionOptions {
  graph: RoadGraph;
  random: () => number;
  now: () => number;
  timers: TimerBag;
  /** Start here; a random road node when absent. */
  start?: LatLng;
  /** Location tick interval bounds, ms. */
  intervalMs: readonly [number, number];
  /** Called with every fix (regular ticks and precise arrivals). */
  onFix(fix: LocationFix): void;
  /** Cruise destinations are at least this far away (metres) when the graph allows. */
  minCruiseMeters?: number;
}

/** The motion of one car. */
export interface DriverMotion {
  /** Starts the tick loop and cruising. */
  start(): void;
  /** Stops the tick loop and any arrival wake-up. */
  stop(): void;
  /** Current position, advanced to now. */
  fix(): LocationFix;
  /**
   * Drives to `target`; `onArrive` runs once there, right after a fix sent from it.
   * `precise` wakes up at the arrival moment instead of at the next regular tick.
   */
  driveTo(target: LatLng, onArrive: () => void, precise?: boolean): void;
  /** Stops where it is (speed 0) until told otherwise. */
  park(): void;
  /** Drives to random destinations, one after another. */
  cruise(): void;
}

const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

export function createDriverMotion(options: DriverMotionOptions): DriverMotion {
  const { graph, random, now, timers } = options;
  const [minInterval, maxInterval] = options.intervalMs;
  const minCruise = options.minCruiseMeters ?? 800;
  const randomNode = () => graph.node(Math.floor(random() * graph.nodeCount));

  let position: LatLng = options.start ?? randomNode();
  let heading = 0;
  let follower: RouteFollower | null = null;
  let onArrive: (() => void) | null = null;
  let movedAt = now();
  let tick: number | null = null;
  let arrival: number | null = null;
  let running = false;

  /** Brings the car up to the present moment. */
  const catchUp = () => {
    const t = now();
    if (follower) {
      follower.advance(Math.max(0, t - movedAt) / 1000);
      position = follower.position();
      heading = follower.heading();
    }
    movedAt = t;
  };

  const fix = (): LocationFix => ({
    lat: round(position.lat, 6),
    lng: round(position.lng, 6),
    heading: round(heading, 1) % 360,
    speed: follower && !follower.done ? round(follower.speed(), 1) : 0,
  });

  /** Reports the arrival fix, then hands over to the callback (which picks what is next). */
  const arrive = () => {
    const callback = onArrive;
    onArrive = null;
    options.onFix(fix());
    callback?.();
  };

  const scheduleTick = () => {
    tick = timers.set(() => {
      tick = null;
      catchUp();
      if (follower?.done && onArrive) arrive();
      else options.onFix(fix());
      if (running) scheduleTick();
    }, minInterval + random() * (maxInterval - minInterval));
  };

  const scheduleArrival = () => {
    timers.clear(arrival);
    arrival = timers.set(() => {
      arrival = null;
      catchUp();
      if (follower?.done) arrive();
      else scheduleArrival(); // woke a hair early (rounding): sleep the rest
    }, follower ? Math.ceil(follower.remainingSeconds() * 1000) : 0);
  };

  const driveTo = (target: LatLng, callback: () => void, precise = false) => {
    catchUp();
    follower = createRouteFollower(graph.shortestPath(position, target), heading);
    onArrive = callback;
    timers.clear(arrival);
    arrival = null;
    if (precise) scheduleArrival();
  };

  const cruise = () => {
    let target = randomNode();
    for (let tries = 0; tries < 5 && haversineMeters(position, target) < minCruise; tries++) target = randomNode();
    driveTo(target, cruise);
  };

  return {
    start() {
      if (running) return;
      running = true;
      movedAt = now();
      cruise();
      scheduleTick();
    },
    stop() {
      running = false;
      timers.clear(tick);
      timers.clear(arrival);
      tick = arrival = null;
    },
    fix() {
      catchUp();
      return fix();
    },
    driveTo,
    park() {
      catchUp();
      follower = null;
      onArrive = null;
      timers.clear(arrival);
      arrival = null;
    },
    cruise,
  };
}
