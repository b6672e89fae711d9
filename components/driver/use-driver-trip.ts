'use client';

import { useMemo } from 'react';
import { type RoadGraph } from '@/lib/city/road-graph';
import type { LatLng } from '@/lib/protocol/common';
import type { Ride } from '@/lib/protocol/ride';
import type { Offer } from '@/lib/stores/offer-state';
import { routeBetween, roundPoint, type RouteSummary } from './routing';
import { type MotionPlan } from './use-simulated-position';

export interface DriverTrip {
  /** The line on the map and its length (to the pickup, to the drop-off, or the offered trip). */
  route: RouteSummary | null;
  pickup: LatLng | null;
  dropoff: LatLng | null;
  /** Points the camera frames with the driver. */
  focus: LatLng[];
}

const PARK: MotionPlan = { kind: 'park' };
const CRUISE: MotionPlan = { kind: 'cruise' };

/**
 * What the simulated car does: on a trip, drive to the pickup, wait, drive to the drop-off;
 * looking at an offer, stop; online and free, drive around; offline, stay.
 */
export function useMotionPlan(ride: Ride | null, offer: Offer | null, online: boolean): MotionPlan {
  const status = ride?.status ?? null;
  const pickup = ride?.pickup ?? null;
  const dropoff = ride?.dropoff ?? null;
  const offerOpen = offer !== null && !offer.closed;
  return useMemo<MotionPlan>(() => {
    if (status === 'accepted' && pickup) return { kind: 'drive', target: pickup };
    if (status === 'in_progress' && dropoff) return { kind: 'drive', target: dropoff };
    if (status === 'arrived' || offerOpen || !online) return PARK;
    return CRUISE;
  }, [status, pickup, dropoff, offerOpen, online]);
}

/** The route line, the map's pins and the camera's points for the driver's situation. */
export function useDriverTrip(ride: Ride | null, offer: Offer | null, self: LatLng | null, graph: RoadGraph | null): DriverTrip {
  // ~10 m steps: the route line follows the car without re-routing on every frame.
  const from = self ? roundPoint(self, 4) : null;
  const fromLat = from?.lat ?? null;
  const fromLng = from?.lng ?? null;
  const status = ride?.status ?? null;
  const pickup = ride?.pickup ?? offer?.ride.pickup ?? null;
  const dropoff = ride?.dropoff ?? offer?.ride.dropoff ?? null;

  const route = useMemo<RouteSummary | null>(() => {
    const here = fromLat === null || fromLng === null ? null : { lat: fromLat, lng: fromLng };
    if (status === 'accepted' && here && pickup) return routeBetween(graph, here, pickup);
    if (status === 'in_progress' && here && dropoff) return routeBetween(graph, here, dropoff);
    if ((status === 'arrived' || (status === null && offer)) && pickup && dropoff) return routeBetween(graph, pickup, dropoff);
    return null;
  }, [graph, fromLat, fromLng, status, pickup, dropoff, offer]);

  const showPins = status === 'accepted' || status === 'arrived' || status === 'in_progress' || (status === null && offer !== null);
  const focus = useMemo<LatLng[]>(() => {
    if (status === 'accepted' && pickup) return [pickup];
    if (status === 'in_progress' && dropoff) return [dropoff];
    if (showPins && pickup && dropoff) return [pickup, dropoff];
    return [];
  }, [status, pickup, dropoff, showPins]);

  return { route, pickup: showPins ? pickup : null, dropoff: showPins ? dropoff : null, focus };
}
