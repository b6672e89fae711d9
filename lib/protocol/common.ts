/** Shapes shared by HTTP, SSE and WebSocket messages (shared/API.md "Conventions"). */
import { z } from 'zod';

export const roleSchema = z.enum(['rider', 'driver']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: z.string(),
  role: roleSchema,
  name: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const latLngSchema = z.object({
  lat: z.number().finite().min(-90).max(90),
  lng: z.number().finite().min(-180).max(180),
});
export type LatLng = z.infer<typeof latLngSchema>;

/** Opaque ids from clients: bounded and printable, so they are safe in logs, keys and topics. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'must be an id');

/** The body of every HTTP error and the `code`/`message` of every WebSocket `error` frame. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]*$/), message: z.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
