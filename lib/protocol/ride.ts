/** The `Ride` resource (shared/API.md "Rides"). */
import { z } from 'zod';
import { latLngSchema } from './common';

export const rideStatusSchema = z.enum(['requested', 'accepted', 'arrived', 'in_progress', 'completed', 'cancelled', 'expired']);
export type RideStatus = z.infer<typeof rideStatusSchema>;

export const rideSchema = z.object({
  id: z.string(),
  status: rideStatusSchema,
  riderId: z.string(),
  driverId: z.string().nullable(),
  pickup: latLngSchema,
  dropoff: latLngSchema,
  surge: z.number(),
  fare: z.object({ amount: z.number(), currency: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Ride = z.infer<typeof rideSchema>;

/** `POST /api/rides` body. */
export const rideRequestBodySchema = z.object({ pickup: latLngSchema, dropoff: latLngSchema });
/** `POST /api/rides` (201), `GET /api/rides/:id`, `POST /api/rides/:id/cancel`; `ride` is null only from `/api/rides/current`. */
export const rideResponseSchema = z.object({ ride: rideSchema.nullable() });

export const driverLocationSchema = z.object({
  driverId: z.string(),
  lat: z.number(),
  lng: z.number(),
  heading: z.number().nullable(),
  speed: z.number().nullable(),
  at: z.string(),
});
export type DriverLocation = z.infer<typeof driverLocationSchema>;
