/** Events on the two SSE streams (shared/API.md "Server-Sent Events"). */
import { z } from 'zod';
import { driverLocationSchema, rideSchema } from './ride';

/** `event: ride` on `/api/rides/:id/stream`. */
export const rideEventSchema = rideSchema.extend({
  driverLocation: driverLocationSchema.nullable(),
  /** Additions to API.md: the display names for the ride cards. */
  riderName: z.string().nullable(),
  driverName: z.string().nullable(),
});
/** `event: location` on `/api/rides/:id/stream`. */
export const locationEventSchema = driverLocationSchema;

export const surgeCellSchema = z.object({ h3: z.string(), multiplier: z.number() });
/** `event: surge` on `/api/surge/stream`: the first is `full: true`, later ones carry changed cells. */
export const surgeEventSchema = z.object({ full: z.boolean(), cells: z.array(surgeCellSchema), at: z.string() });
export type SurgeEvent = z.infer<typeof surgeEventSchema>;

export const sseStreams = {
  '/api/rides/:id/stream': { ride: rideEventSchema, location: locationEventSchema },
  '/api/surge/stream': { surge: surgeEventSchema },
} as const;
