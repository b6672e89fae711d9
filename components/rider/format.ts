/** Display helpers for the rider and driver panels. */
import { haversineMeters, type LatLng } from '@/lib/domain';

export const money = (fare: { amount: number; currency: string }) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: fare.currency }).format(fare.amount);

export const km = (meters: number) => `${(meters / 1000).toFixed(1)} km`;

export const minutes = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} min`;

/** A rough ETA between two points in the city: road detour 1.3× at 30 km/h. */
export const etaSeconds = (from: LatLng, to: LatLng) => (haversineMeters(from, to) * 1.3) / (30 / 3.6);
