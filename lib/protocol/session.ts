/** `/api/session` (shared/API.md "Identity"). */
import { z } from 'zod';
import { roleSchema, userSchema } from './common';

export const signInBodySchema = z.object({
  role: roleSchema,
  name: z.string().trim().min(1, 'name must be 1 to 40 characters').max(40, 'name must be 1 to 40 characters'),
});
export type SignInBody = z.infer<typeof signInBodySchema>;

export const sessionResponseSchema = z.object({ user: userSchema });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const SESSION_COOKIE = 'curbside_session';
