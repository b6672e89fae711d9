import { describe, expect, it } from 'vitest';
import * as domain from './index';

describe('lib/domain public API', () => {
  it('re-exports every module', () => {
    for (const name of [
      'DomainError',
      'haversineMeters',
      'bearingDegrees',
      'isValidLatLng',
      'interpolate',
      'shortestArcDelta',
      'assertTransition',
      'canTransition',
      'nextStatusFor',
      'isActive',
      'quoteFare',
      'estimateTrip',
      'targetMultiplier',
      'computeSurge',
      'diffSurge',
      'surgeAt',
      'cellOf',
    ] as const) {
      expect(typeof domain[name]).toBe('function');
    }
    expect(domain.SURGE_H3_RESOLUTION).toBe(8);
    expect(domain.ACTIVE_STATUSES).toContain('in_progress');
  });

  it('quotes a surged fare for a trip end to end', () => {
    const pickup = { lat: 37.7749, lng: -122.4194 };
    const dropoff = { lat: 37.8044, lng: -122.2712 };
    const cells = new Map([[domain.cellOf(pickup), 1.5]]);
    const surge = domain.surgeAt(cells, pickup);
    const fare = domain.quoteFare({ ...domain.estimateTrip(pickup, dropoff), surge });
    const base = domain.quoteFare({ ...domain.estimateTrip(pickup, dropoff), surge: 1 });
    expect(surge).toBe(1.5);
    expect(Math.round(fare.amount * 100)).toBe(Math.round(Math.round(base.amount * 100) * 1.5));
  });
});
