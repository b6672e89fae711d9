/**
 * The ride domain: geometry, the ride state machine, fares and surge. Plain TypeScript with
 * no framework, I/O or Node imports, so the server, route handlers and browser share it.
 */
export { DomainError, isDomainError, type DomainErrorCode } from './errors';
export {
  EARTH_RADIUS_METERS,
  bearingDegrees,
  haversineMeters,
  interpolate,
  isValidLatLng,
  normalizeDegrees,
  shortestArcDelta,
  type LatLng,
} from './geo';
export {
  ACTIVE_STATUSES,
  RIDE_ACTIONS,
  RIDE_STATUSES,
  assertTransition,
  canTransition,
  isActive,
  isRideStatus,
  nextStatusFor,
  type RideAction,
  type RideActor,
  type RideStatus,
} from './trip';
export {
  AVERAGE_SPEED_KMH,
  DETOUR_FACTOR,
  FARE_BASE_CENTS,
  FARE_MINIMUM_CENTS,
  FARE_PER_KM_CENTS,
  FARE_PER_MINUTE_CENTS,
  estimateTrip,
  quoteFare,
  type FareInput,
  type Money,
  type TripEstimate,
} from './fare';
export {
  SURGE_HYSTERESIS,
  SURGE_MAX,
  SURGE_MAX_CHANGE,
  SURGE_MIN,
  SURGE_SENSITIVITY,
  SURGE_STEP,
  smoothMultiplier,
  targetMultiplier,
  toSurgeTenths,
} from './surge-formula';
export {
  SURGE_CENTRE_WEIGHT,
  SURGE_H3_RESOLUTION,
  SURGE_RING_WEIGHT,
  cellOf,
  computeSurge,
  countByCell,
  diffSurge,
  surgeAt,
  toSurgeCells,
  type CellMap,
  type SurgeCell,
  type SurgeInput,
} from './surge';
