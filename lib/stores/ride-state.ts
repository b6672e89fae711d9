/**
 * The ride as the client holds it. Updates come from two channels (the WebSocket's `ride`
 * frames and the ride stream's `ride`/`location` events) and from replays after reconnects,
 * so every update is checked for staleness: nothing older replaces something newer.
 */
import type { DriverLocation, Ride } from '@/lib/protocol/ride';

export interface RideState {
  ride: Ride | null;
  driverLocation: DriverLocation | null;
  /** Display names from the ride stream (null until it says). */
  names: { rider: string | null; driver: string | null };
}

export const emptyRide = (): RideState => ({ ride: null, driverLocation: null, names: { rider: null, driver: null } });

const time = (iso: string) => Date.parse(iso);

/** Applies a ride update unless it is older than what is held. A different ride replaces the current one. */
export function receiveRide(state: RideState, ride: Ride, driverLocation?: DriverLocation | null): RideState {
  const current = state.ride;
  if (current && current.id === ride.id && time(ride.updatedAt) < time(current.updatedAt)) return state;
  const sameRide = current?.id === ride.id;
  const next: RideState = {
    ride,
    driverLocation: sameRide ? state.driverLocation : null,
    names: sameRide && current?.driverId === ride.driverId ? state.names : { rider: null, driver: null },
  };
  return driverLocation ? receiveLocation(next, driverLocation) : next;
}

/** Records display names from a ride stream event of the current ride. */
export function receiveNames(state: RideState, rideId: string, names: { riderName: string | null; driverName: string | null }): RideState {
  if (state.ride?.id !== rideId) return state;
  return { ...state, names: { rider: names.riderName ?? state.names.rider, driver: names.driverName ?? state.names.driver } };
}

/** Applies a location fix of the ride's driver unless it is older than the one held. */
export function receiveLocation(state: RideState, location: DriverLocation): RideState {
  if (!state.ride || state.ride.driverId !== location.driverId) return state;
  if (state.driverLocation && time(location.at) <= time(state.driverLocation.at)) return state;
  return { ...state, driverLocation: location };
}

/** True while the ride still needs the rider's or driver's attention. */
export const isOngoing = (ride: Ride | null): boolean =>
  !!ride && ['requested', 'accepted', 'arrived', 'in_progress'].includes(ride.status);
