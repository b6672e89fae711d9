/**
 * The DOM for map markers. Built with inline styles: MapLibre positions these elements
 * itself, outside React, and inline styles need no CSS class to be generated.
 */
import { OVERLAY_COLORS as C } from '@/lib/map/palette';
import { type MapMarkerKind } from './types';

const LABELS: Record<MapMarkerKind, string> = { pickup: 'Pickup', dropoff: 'Drop-off', 'driver-self': 'Your location' };

/** A pin for pickup (round), drop-off (square) or the driver's own position (blue dot). */
export function createPointElement(kind: MapMarkerKind): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', LABELS[kind]);
  el.dataset.markerKind = kind;
  const size = kind === 'driver-self' ? 18 : 20;
  Object.assign(el.style, {
    width: `${size}px`,
    height: `${size}px`,
    boxSizing: 'border-box',
    border: '3px solid #ffffff',
    boxShadow: kind === 'driver-self' ? `0 0 0 6px ${C.driverSelf}33, 0 1px 4px rgba(0,0,0,.35)` : '0 1px 4px rgba(0,0,0,.4)',
    borderRadius: kind === 'dropoff' ? '3px' : '50%',
    background: kind === 'pickup' ? C.pickup : kind === 'dropoff' ? C.dropoff : C.driverSelf,
  } satisfies Partial<CSSStyleDeclaration>);
  return el;
}

/** A top-down car pointing north (the marker rotates it to the bearing). */
export function createCarElement(label = 'Driver'): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  el.dataset.markerKind = 'car';
  el.style.width = '22px';
  el.style.height = '40px';
  el.style.filter = 'drop-shadow(0 1px 2px rgba(0,0,0,.45))';
  el.innerHTML = `<svg width="22" height="40" viewBox="0 0 22 40" aria-hidden="true">
  <rect x="1.5" y="1.5" width="19" height="37" rx="6" fill="${C.car}" stroke="#ffffff" stroke-width="1.5"/>
  <path d="M5 11.5 Q11 8 17 11.5 L16 16 Q11 14.5 6 16 Z" fill="#9ca3af"/>
  <path d="M6 29 Q11 30.5 16 29 L16.8 33 Q11 35 5.2 33 Z" fill="#6b7280"/>
  <rect x="5.5" y="17" width="11" height="11" rx="2" fill="#1f2937"/>
  <rect x="3" y="3" width="4" height="2" rx="1" fill="#fde68a"/>
  <rect x="15" y="3" width="4" height="2" rx="1" fill="#fde68a"/>
</svg>`;
  return el;
}
