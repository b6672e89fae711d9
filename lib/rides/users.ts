import type { Queryable } from '@/lib/db/types';
import type { User } from '@/lib/protocol/common';

/**
 * Sessions are stateless tokens, so a user row may be missing (first use after sign-in, or a
 * fresh database). Rides and offers reference users: make sure the row exists.
 */
export async function ensureUser(db: Queryable, user: User): Promise<void> {
  await db.query('INSERT INTO users (id, role, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [user.id, user.role, user.name]);
}
