import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CITY_BOUNDS, isInCity } from './bounds';
import { type CityData, generateCity } from './generate-city';
import { haversineRaw } from './geo';
import { type Position } from './types';

const publicDir = path.resolve(__dirname, '../../public/city');
const FILES = ['water.geojson', 'parks.geojson', 'blocks.geojson', 'roads.geojson', 'roads.json'] as const;

/** Even–odd test on a GeoJSON ring. */
function inRing([x, y]: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Position;
    const [xj, yj] = ring[j] as Position;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('generateCity', () => {
  let city: CityData;
  beforeAll(() => {
    city = generateCity();
  });

  it('is deterministic: two runs give identical output', () => {
    expect(JSON.stringify(generateCity())).toBe(JSON.stringify(city));
  });

  it('depends on the seed', () => {
    expect(JSON.stringify(generateCity(7).graph)).not.toBe(JSON.stringify(city.graph));
  });

  it('matches the committed files in public/city (re-run `npx tsx lib/city/generate.ts` after changing the generator)', () => {
    const layers: Record<(typeof FILES)[number], unknown> = {
      'water.geojson': city.water, 'parks.geojson': city.parks, 'blocks.geojson': city.blocks,
      'roads.geojson': city.roads, 'roads.json': city.graph,
    };
    let total = 0;
    for (const file of FILES) {
      const text = readFileSync(path.join(publicDir, file), 'utf8');
      total += text.length;
      expect(text, file).toBe(`${JSON.stringify(layers[file])}\n`);
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('has a routing graph of the intended size, fully connected and inside the city', () => {
    const { nodes, edges } = city.graph;
    expect(edges.length).toBeGreaterThanOrEqual(1500);
    expect(edges.length).toBeLessThanOrEqual(4000);
    expect(edges.some((e) => e[3] === 'major')).toBe(true);

    const adjacency: number[][] = nodes.map(() => []);
    for (const [a, b] of edges) {
      adjacency[a]?.push(b);
      adjacency[b]?.push(a);
    }
    const seen = new Uint8Array(nodes.length);
    const queue = [0];
    seen[0] = 1;
    while (queue.length > 0) {
      for (const next of adjacency[queue.pop() as number] ?? []) {
        if (!seen[next]) {
          seen[next] = 1;
          queue.push(next);
        }
      }
    }
    expect(seen.every((s) => s === 1)).toBe(true);
    expect(nodes.every(([lng, lat]) => isInCity({ lat, lng }))).toBe(true);
  });

  it('stores edge lengths that match their endpoints, with no degenerate edges', () => {
    for (const [a, b, length] of city.graph.edges) {
      const p = city.graph.nodes[a] as Position;
      const q = city.graph.nodes[b] as Position;
      expect(a).not.toBe(b);
      expect(Math.abs(haversineRaw(p[1], p[0], q[1], q[0]) - length)).toBeLessThanOrEqual(0.06);
      expect(length).toBeGreaterThan(1);
    }
  });

  it('keeps roads out of the bay (bridges over the river are allowed)', () => {
    const bay = city.water.features.find((f) => f.properties.kind === 'bay');
    const ring = bay?.geometry.type === 'Polygon' ? bay.geometry.coordinates[0] : undefined;
    expect(ring).toBeDefined();
    expect(city.graph.nodes.filter((p) => inRing(p, ring as Position[]))).toEqual([]);
  });

  it('has real-looking layers: named roads of both classes, blocks, parks and water', () => {
    expect(city.roads.features.length).toBeGreaterThan(100);
    for (const f of city.roads.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.properties.name).toMatch(/^\S.* \S+$/);
      expect(['major', 'minor']).toContain(f.properties.class);
    }
    expect(new Set(city.roads.features.map((f) => f.properties.name)).size).toBeGreaterThan(80);
    expect(city.blocks.features.length).toBeGreaterThan(500);
    expect(city.parks.features.some((f) => f.properties.kind === 'park')).toBe(true);
    expect(city.water.features.map((f) => f.properties.kind).sort()).toEqual(['bay', 'river']);
    for (const layer of [city.blocks, city.parks, city.water]) {
      for (const f of layer.features) {
        expect(f.geometry.type).toBe('Polygon');
        const ring = f.geometry.coordinates[0] as Position[];
        expect(ring[0]).toEqual(ring.at(-1));
      }
    }
  });

  it('exports a bbox around its centre', () => {
    expect(CITY_BOUNDS.west).toBeLessThan(-122.42);
    expect(CITY_BOUNDS.east).toBeGreaterThan(-122.42);
    expect(CITY_BOUNDS.south).toBeLessThan(37.77);
    expect(CITY_BOUNDS.north).toBeGreaterThan(37.77);
  });
});
