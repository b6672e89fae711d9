/** Display formatting for the driver app: money, distances, places, statuses. */
import type { LatLng } from '@/lib/protocol/common';
import type { RideStatus } from '@/lib/protocol/ride';
import type { OfferCloseReason } from '@/lib/stores/offer-state';

/** `$12.40` (or the currency's own symbol). */
export function formatMoney({ amount, currency }: { amount: number; currency: string }): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** `$12.40 · 1.3× surge`, or just the fare without surge. */
export function formatFare(fare: { amount: number; currency: string }, surge: number): string {
  const money = formatMoney(fare);
  return surge > 1.001 ? `${money} · ${surge.toFixed(1)}× surge` : money;
}

/** `850 m` below a kilometre, else `2.4 km`. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.max(10, Math.round(meters / 10) * 10)} m`;
  return `${(meters / 1000).toFixed(1)} km`;
}

/** `~4 min` (at least one minute). */
export function formatDuration(seconds: number): string {
  return `~${Math.max(1, Math.round(seconds / 60))} min`;
}

/** `37.7712, -122.4183`. */
export function formatPlace(point: LatLng): string {
  return `${point.lat.toFixed(4)}, ${point.lng.toFixed(4)}`;
}

/** Why an offer closed, as the driver reads it. */
export const CLOSE_REASON_TEXT: Record<OfferCloseReason, string> = {
  accepted: 'Accepted',
  rejected: 'Declined',
  expired: 'Expired',
  taken: 'Taken by another driver',
  cancelled: 'Cancelled by the rider',
};

/** Where the trip is, as the driver reads it. */
export const STATUS_TEXT: Record<RideStatus, string> = {
  requested: 'Requested',
  accepted: 'Heading to pickup',
  arrived: 'Waiting at pickup',
  in_progress: 'On trip to drop-off',
  completed: 'Trip completed',
  cancelled: 'Cancelled by the rider',
  expired: 'Expired',
};
