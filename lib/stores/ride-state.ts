/**
 * The ride as the client holds it. Updates come from two channels (the WebSocket's `ride`
 * frames and the ride stream's `ride`/`location` events) and from replays after reconnects,
 * so every update is checked for staleness: nothing older replaces something newer.
 */
import type { DriverLocation, Ride } from '@/lib/protocol/ride';

export interface RideState {
  ride: Ride | null;
  driverLocation: DriverLocation | null;
}

export const emptyRide = (): RideState => ({ ride: null, driverLocation: null });

const time = (iso: string) => Date.parse(iso);

/** Applies a ride update unless it is older than what is held. A different ride replaces the current one. */
export function receiveRide(state: RideState, ride: Ride, driverLocation?: DriverLocation | null): RideState {
  const current = state.ride;
  if (current && current.id === ride.id && time(ride.updatedAt) < time(current.updatedAt)) return state;
  const sameRide = current?.id === ride.id;
  const next: RideState = { ride, driverLocation: sameRide ? state.driverLocation : null };
  return driverLocation ? receiveLocation(next, driverLocation) : next;
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
