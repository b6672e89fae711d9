/** The city map component and its public types. */
export { CityMap, type CityMapHandle, type CityMapProps } from './city-map';
export { type MapControlsPosition, type MapMarker, type MapMarkerKind, type MapState } from './types';
export { type CarFix } from '@/lib/map/car-animator';
export { type SurgeHexagon } from '@/lib/map/overlays';
