/** Database rows of the ride domain and their mapping to the wire shapes of API.md. */
import type { DriverLocation, Ride, RideStatus } from '@/lib/protocol/ride';
import type { ChatMessage } from '@/lib/protocol/ws-messages';

export interface RideRow {
  id: string;
  rider_id: string;
  driver_id: string | null;
  status: RideStatus;
  pickup_lat: number;
  pickup_lng: number;
  dropoff_lat: number;
  dropoff_lng: number;
  surge: number;
  /** `numeric` comes back from pg as a string. */
  fare_amount: string | number;
  fare_currency: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface DriverRow {
  user_id: string;
  online: boolean;
  lat: number | null;
  lng: number | null;
  heading: number | null;
  speed: number | null;
  located_at: Date | string | null;
}

export interface ChatRow {
  ride_id: string;
  seq: number;
  client_id: string;
  sender_id: string;
  body: string;
  created_at: Date | string;
}

export const iso = (value: Date | string): string => (value instanceof Date ? value : new Date(value)).toISOString();

export function toRide(row: RideRow): Ride {
  return {
    id: row.id,
    status: row.status,
    riderId: row.rider_id,
    driverId: row.driver_id,
    pickup: { lat: row.pickup_lat, lng: row.pickup_lng },
    dropoff: { lat: row.dropoff_lat, lng: row.dropoff_lng },
    surge: Number(row.surge),
    fare: { amount: Number(row.fare_amount), currency: row.fare_currency },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toDriverLocation(row: DriverRow | undefined): DriverLocation | null {
  if (!row || row.lat === null || row.lng === null || !row.located_at) return null;
  return { driverId: row.user_id, lat: row.lat, lng: row.lng, heading: row.heading, speed: row.speed, at: iso(row.located_at) };
}

export function toChatMessage(row: ChatRow): ChatMessage {
  return { rideId: row.ride_id, seq: row.seq, clientId: row.client_id, from: row.sender_id, body: row.body, at: iso(row.created_at) };
}

/** Statuses in which a ride holds its rider (and, once accepted, its driver). */
export const ACTIVE = ['requested', 'accepted', 'arrived', 'in_progress'] as const;
export const ACTIVE_SQL = `('requested', 'accepted', 'arrived', 'in_progress')`;
export const ASSIGNED_SQL = `('accepted', 'arrived', 'in_progress')`;
