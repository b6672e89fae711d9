/** Keeps the map's point markers (pickup, drop-off, own position) in step with a list. */
import { createPointElement } from './marker-elements';
import { type LoadedMap, type MapMarker, type MapMarkerKind } from './types';

interface Placed {
  kind: MapMarkerKind;
  marker: InstanceType<LoadedMap['lib']['Marker']>;
}

/** The markers on one map, diffed by id. */
export interface PointMarkers {
  /** Adds, moves and removes markers so the map shows exactly `markers`. */
  sync(markers: readonly MapMarker[]): void;
  /** Removes every marker. */
  destroy(): void;
}

/** Creates an empty marker set for `map`. */
export function createPointMarkers({ lib, map }: LoadedMap): PointMarkers {
  const placed = new Map<string, Placed>();

  function remove(id: string): void {
    placed.get(id)?.marker.remove();
    placed.delete(id);
  }

  return {
    sync(markers) {
      const wanted = new Set(markers.map((m) => m.id));
      for (const id of [...placed.keys()]) if (!wanted.has(id)) remove(id);
      for (const { id, kind, lngLat } of markers) {
        const existing = placed.get(id);
        if (existing && existing.kind !== kind) remove(id);
        const current = placed.get(id);
        if (current) {
          current.marker.setLngLat([lngLat.lng, lngLat.lat]);
          continue;
        }
        const marker = new lib.Marker({ element: createPointElement(kind), anchor: 'center' }).setLngLat([lngLat.lng, lngLat.lat]).addTo(map);
        placed.set(id, { kind, marker });
      }
    },
    destroy() {
      for (const id of [...placed.keys()]) remove(id);
    },
  };
}
