import { describe, expect, it } from 'vitest';
import { haversineMeters } from '@/lib/city/geo';
import { type Route } from '@/lib/city/road-graph';
import { createRouteFollower } from './route-follower';

// Two legs due north then due east, ~111 m each, at 10 m/s and 5 m/s.
const route: Route = {
  points: [{ lat: 37.77, lng: -122.42 }, { lat: 37.771, lng: -122.42 }, { lat: 37.771, lng: -122.41874 }],
  nodes: [0, 1, 2],
  speedsMps: [10, 5],
  distanceMeters: 0,
  durationSeconds: 0,
};

describe('createRouteFollower', () => {
  it('moves at each leg’s speed and stops at the end', () => {
    const f = createRouteFollower(route);
    const leg1 = haversineMeters(route.points[0]!, route.points[1]!);
    const leg2 = haversineMeters(route.points[1]!, route.points[2]!);
    expect(f.remainingSeconds()).toBeCloseTo(leg1 / 10 + leg2 / 5, 6);
    expect(f.heading()).toBeCloseTo(0, 3);
    expect(f.speed()).toBe(10);

    f.advance(5);
    expect(haversineMeters(route.points[0]!, f.position())).toBeCloseTo(50, 0);

    f.advance(leg1 / 10 - 5 + 2); // 2 s into the second leg
    expect(f.heading()).toBeCloseTo(90, 0);
    expect(f.speed()).toBe(5);
    expect(haversineMeters(route.points[1]!, f.position())).toBeCloseTo(10, 0);

    f.advance(1000);
    expect(f.done).toBe(true);
    expect(f.position()).toEqual(route.points[2]);
    expect(f.speed()).toBe(0);
    expect(f.remainingSeconds()).toBe(0);
  });

  it('handles a route with no legs', () => {
    const f = createRouteFollower({ ...route, points: [route.points[0]!], speedsMps: [] }, 123);
    expect(f.done).toBe(true);
    expect(f.heading()).toBe(123);
    expect(f.position()).toEqual(route.points[0]);
  });
});
