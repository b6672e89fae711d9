import { readFileSync } from 'node:fs';
import path from 'node:path';
// maplibre-gl's own style validator (a dependency of maplibre-gl), to catch typos in paint
// properties and expressions that a structural check would miss.
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { BASEMAP_SOURCES, FIRST_ROAD_LAYER_ID, SURGE_BEFORE_LAYER_ID, buildOfflineStyle, styleFor } from './offline-style';
import { routeLayers, surgeLayers } from './overlays';

const root = path.resolve(__dirname, '../..');

describe('buildOfflineStyle', () => {
  const style = buildOfflineStyle();

  it('is a valid MapLibre style', () => {
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('has unique layer ids', () => {
    const ids = style.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('references only sources that exist', () => {
    for (const layer of style.layers) {
      if ('source' in layer && typeof layer.source === 'string') expect(Object.keys(style.sources)).toContain(layer.source);
    }
  });

  it('fetches nothing from the internet: no http(s) URL, no glyphs, no sprite', () => {
    expect(JSON.stringify(style)).not.toMatch(/https?:/i);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
  });

  it('reads every basemap source from a file that ships in public/city', () => {
    expect(Object.keys(style.sources).sort()).toEqual([...BASEMAP_SOURCES].sort());
    for (const [id, source] of Object.entries(style.sources)) {
      expect(source).toMatchObject({ type: 'geojson', data: `/city/${id}.geojson` });
      const file = path.join(root, 'public', 'city', `${id}.geojson`);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ type: 'FeatureCollection' });
    }
  });

  it('draws major roads wider than minor ones at every zoom stop', () => {
    const width = (id: string): number[] => {
      const layer = style.layers.find((l) => l.id === id);
      const expr = layer && layer.type === 'line' ? (layer.paint?.['line-width'] as unknown[]) : [];
      return expr.slice(3).filter((_, i) => i % 2 === 1) as number[];
    };
    const major = width('road-major');
    const minor = width('road-minor');
    expect(major.length).toBeGreaterThan(0);
    major.forEach((w, i) => expect(w).toBeGreaterThan(minor[i] ?? Infinity));
  });

  it('keeps the layers that overlays are placed against, water below the roads', () => {
    const ids = style.layers.map((l) => l.id);
    expect(ids).toContain(FIRST_ROAD_LAYER_ID);
    expect(ids.indexOf(SURGE_BEFORE_LAYER_ID)).toBeGreaterThan(-1);
    expect(ids.indexOf(SURGE_BEFORE_LAYER_ID)).toBeLessThan(ids.indexOf(FIRST_ROAD_LAYER_ID));
  });

  it('makes source URLs absolute when given an origin', () => {
    expect(buildOfflineStyle('http://localhost:3000').sources.roads).toMatchObject({ data: 'http://localhost:3000/city/roads.geojson' });
  });

  it('stays valid with the overlays added, and their ids do not clash', () => {
    const withOverlays = {
      ...style,
      sources: { ...style.sources, 'curbside-surge': { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } }, 'curbside-route': { type: 'geojson' as const, data: { type: 'FeatureCollection' as const, features: [] } } },
      layers: [...style.layers, ...surgeLayers(), ...routeLayers()],
    };
    expect(validateStyleMin(withOverlays)).toEqual([]);
    const ids = withOverlays.layers.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('styleFor', () => {
  it('uses MAP_STYLE_URL when set', () => {
    expect(styleFor('https://tiles.example/style.json')).toBe('https://tiles.example/style.json');
    expect(styleFor('/styles/local.json')).toBe('/styles/local.json');
  });

  it('falls back to the offline style when unset or blank', () => {
    expect(styleFor()).toEqual(buildOfflineStyle());
    expect(styleFor('  ')).toEqual(buildOfflineStyle());
  });
});
