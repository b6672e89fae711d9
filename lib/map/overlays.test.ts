import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { boundsOf, hexagonsToGeoJson, routeToGeoJson } from './overlays';

describe('hexagonsToGeoJson', () => {
  it('turns surge cells into closed [lng, lat] polygons with their multiplier', () => {
    const h3 = latLngToCell(37.77, -122.42, 8);
    const { features } = hexagonsToGeoJson([{ h3, multiplier: 1.6 }]);
    expect(features).toHaveLength(1);
    const ring = features[0]!.geometry.coordinates[0]!;
    expect(ring.length).toBe(7); // six corners plus the closing point
    expect(ring[0]).toEqual(ring[6]);
    expect(ring[0]![0]).toBeCloseTo(-122.42, 1); // longitude first
    expect(features[0]!.properties).toEqual({ h3, multiplier: 1.6 });
  });

  it('skips invalid cell ids and non-finite multipliers', () => {
    const h3 = latLngToCell(37.77, -122.42, 8);
    expect(hexagonsToGeoJson([{ h3: 'nope', multiplier: 2 }, { h3, multiplier: Number.NaN }]).features).toEqual([]);
  });
});

describe('routeToGeoJson', () => {
  it('draws a line through the points, longitude first', () => {
    const fc = routeToGeoJson([{ lat: 1, lng: 2 }, { lat: 3, lng: 4 }]);
    expect(fc.features[0]!.geometry.coordinates).toEqual([[2, 1], [4, 3]]);
  });

  it('draws nothing for fewer than two points', () => {
    expect(routeToGeoJson([{ lat: 1, lng: 2 }]).features).toEqual([]);
  });
});

describe('boundsOf', () => {
  it('is west, south, east, north', () => {
    expect(boundsOf([{ lat: 1, lng: 5 }, { lat: -2, lng: 3 }])).toEqual([3, -2, 5, 1]);
    expect(boundsOf([])).toBeNull();
  });
});
