/**
 * Colours of the map: a light, low-contrast basemap (so the route, pickup/dropoff and cars
 * stand out) and the overlay colours drawn on top of it.
 */

/** Basemap colours, bottom to top. */
export const BASEMAP_COLORS = Object.freeze({
  /** Open land, also around the city, so its edge fades instead of showing a box. */
  land: '#f1f0ec',
  block: '#ebe9e4',
  blockEdge: '#e0ddd6',
  park: '#cfe8c8',
  parkEdge: '#bcdcb3',
  water: '#aecde6',
  waterEdge: '#9cc0dd',
  minorRoad: '#ffffff',
  minorCasing: '#d9d5cd',
  majorRoad: '#ffffff',
  majorCasing: '#bdb6aa',
});

/** Overlay colours (route, surge, markers). */
export const OVERLAY_COLORS = Object.freeze({
  route: '#111827',
  routeCasing: '#ffffff',
  surgeLow: '#f59e0b',
  surgeHigh: '#dc2626',
  pickup: '#0f766e',
  dropoff: '#111827',
  driverSelf: '#2563eb',
  car: '#111827',
});
