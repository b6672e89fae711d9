/**
 * WebSocket frames on `/ws` (shared/API.md "WebSocket"). Every client frame is validated
 * against these schemas before any handler sees it. A frame may carry `ref`, answered by
 * `ack` or `error` with the same `ref`.
 */
import { z } from 'zod';
import { idSchema, latLngSchema, userSchema } from './common';
import { rideSchema } from './ride';

const ref = z.string().min(1).max(64).optional();
const frame = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ref, ...shape });

/** The envelope checked before dispatch: a type and an optional ref. */
export const envelopeSchema = z.object({ type: z.string().min(1).max(40), ref }).loose();

// Client → server
export const clientFrames = {
  resume: frame('resume', {
    chat: z.record(idSchema, z.number().int().min(0)).default({}).refine(
      (chat) => Object.keys(chat).length <= 100, 'at most 100 rides per resume',
    ),
  }),
  pong: frame('pong', {}),
  'driver.online': frame('driver.online', { online: z.boolean() }),
  location: frame('location', {
    ...latLngSchema.shape,
    heading: z.number().finite().min(0).max(360).optional(),
    speed: z.number().finite().min(0).max(100).optional(),
  }),
  'offer.accept': frame('offer.accept', { offerId: idSchema }),
  'offer.reject': frame('offer.reject', { offerId: idSchema }),
  'ride.arrived': frame('ride.arrived', { rideId: idSchema }),
  'ride.start': frame('ride.start', { rideId: idSchema }),
  'ride.complete': frame('ride.complete', { rideId: idSchema }),
  'chat.send': frame('chat.send', {
    rideId: idSchema,
    clientId: idSchema,
    body: z.string().trim().min(1, 'body must be 1 to 1000 characters').max(1000, 'body must be 1 to 1000 characters'),
  }),
} as const;
export type ClientFrameType = keyof typeof clientFrames;
export type ClientFrame<T extends ClientFrameType> = z.infer<(typeof clientFrames)[T]>;

// Server → client
const chatMessageSchema = z.object({
  rideId: z.string(), seq: z.number().int().min(1), clientId: z.string(), from: z.string(), body: z.string(), at: z.string(),
});
export const serverFrames = {
  hello: z.object({ type: z.literal('hello'), user: userSchema, connectionId: z.string(), heartbeatMs: z.number().int() }),
  ping: z.object({ type: z.literal('ping') }),
  ack: z.object({ type: z.literal('ack'), ref: z.string() }).loose(),
  error: z.object({ type: z.literal('error'), ref: z.string().optional(), code: z.string(), message: z.string() }),
  offer: z.object({ type: z.literal('offer'), offerId: z.string(), ride: rideSchema, expiresAt: z.string() }),
  'offer.closed': z.object({
    type: z.literal('offer.closed'), offerId: z.string(),
    reason: z.enum(['accepted', 'rejected', 'expired', 'taken', 'cancelled']),
  }),
  ride: z.object({ type: z.literal('ride'), ride: rideSchema }),
  chat: chatMessageSchema.extend({ type: z.literal('chat') }),
} as const;
export type ServerFrameType = keyof typeof serverFrames;
export type ServerFrame<T extends ServerFrameType = ServerFrameType> = z.infer<(typeof serverFrames)[T]>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
