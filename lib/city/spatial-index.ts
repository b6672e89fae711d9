/**
 * Nearest-point lookup on a uniform grid of cells. Road nodes are spread evenly over a
 * city, which is exactly the case where a plain grid beats a tree: one or two rings of
 * cells around the query almost always settle it.
 */
import { type LatLng } from '@/lib/protocol/common';

/** Finds the index of the point closest to a query. */
export interface SpatialIndex {
  /** Index of the nearest point, or -1 for an empty index. */
  nearest(query: LatLng): number;
}

const METERS_PER_DEG = 111_195;

/**
 * Builds an index over `lat[i], lng[i]`. Distances inside are equirectangular metres at the
 * data's mean latitude: over a city the ranking equals haversine's.
 */
export function createSpatialIndex(lat: Float64Array, lng: Float64Array, cellMeters = 200): SpatialIndex {
  const n = lat.length;
  if (n === 0) return { nearest: () => -1 };
  let minLat = Infinity, maxLat = -Infinity, minLng = Infinity, maxLng = -Infinity, sumLat = 0;
  for (let i = 0; i < n; i++) {
    const la = lat[i] as number;
    const ln = lng[i] as number;
    minLat = Math.min(minLat, la); maxLat = Math.max(maxLat, la);
    minLng = Math.min(minLng, ln); maxLng = Math.max(maxLng, ln);
    sumLat += la;
  }
  const mx = METERS_PER_DEG * Math.cos(((sumLat / n) * Math.PI) / 180);
  const my = METERS_PER_DEG;
  const cols = Math.max(1, Math.ceil(((maxLng - minLng) * mx) / cellMeters) + 1);
  const rows = Math.max(1, Math.ceil(((maxLat - minLat) * my) / cellMeters) + 1);
  const cellX = (ln: number) => Math.floor(((ln - minLng) * mx) / cellMeters);
  const cellY = (la: number) => Math.floor(((la - minLat) * my) / cellMeters);

  // Counting sort into compressed rows: one pass to size the buckets, one to fill them.
  const start = new Int32Array(cols * rows + 1);
  const cellOf = (i: number) => cellY(lat[i] as number) * cols + cellX(lng[i] as number);
  for (let i = 0; i < n; i++) start[cellOf(i) + 1] = (start[cellOf(i) + 1] as number) + 1;
  for (let c = 0; c < cols * rows; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const items = new Int32Array(n);
  const fill = start.slice(0, cols * rows);
  for (let i = 0; i < n; i++) {
    const c = cellOf(i);
    const slot = fill[c] as number;
    items[slot] = i;
    fill[c] = slot + 1;
  }

  return {
    nearest(query) {
      const qx = (query.lng - minLng) * mx;
      const qy = (query.lat - minLat) * my;
      const cx = Math.min(cols - 1, Math.max(0, Math.floor(qx / cellMeters)));
      const cy = Math.min(rows - 1, Math.max(0, Math.floor(qy / cellMeters)));
      let best = -1;
      let bestD2 = Infinity;
      for (let r = 0; ; r++) {
        for (let y = cy - r; y <= cy + r; y++) {
          if (y < 0 || y >= rows) continue;
          const edgeRow = y === cy - r || y === cy + r;
          for (let x = cx - r; x <= cx + r; x += edgeRow ? 1 : 2 * r) {
            if (x < 0 || x >= cols) continue;
            const c = y * cols + x;
            for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
              const i = items[k] as number;
              const dx = ((lng[i] as number) - minLng) * mx - qx;
              const dy = ((lat[i] as number) - minLat) * my - qy;
              const d2 = dx * dx + dy * dy;
              if (d2 < bestD2) [best, bestD2] = [i, d2];
            }
          }
        }
        // Every unvisited cell lies outside the box of rings 0..r; stop once the best hit is
        // closer than the box's nearest side (or the box already covers the whole grid).
        const boxMinX = (cx - r) * cellMeters, boxMaxX = (cx + r + 1) * cellMeters;
        const boxMinY = (cy - r) * cellMeters, boxMaxY = (cy + r + 1) * cellMeters;
        const inside = qx >= boxMinX && qx <= boxMaxX && qy >= boxMinY && qy <= boxMaxY;
        const margin = inside ? Math.min(qx - boxMinX, boxMaxX - qx, qy - boxMinY, boxMaxY - qy) : 0;
        const coversAll = cx - r <= 0 && cy - r <= 0 && cx + r >= cols - 1 && cy + r >= rows - 1;
        if (coversAll || (best >= 0 && bestD2 <= margin * margin)) return best;
      }
    },
  };
}
