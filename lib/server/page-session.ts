import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Role, User } from '@/lib/protocol/common';
import { SESSION_COOKIE } from '@/lib/protocol/session';
import { getServices } from './services';

/** For server-rendered pages: the signed-in user of `role`, or a redirect to sign-in (or to their own app). */
export async function requirePageUser(role: Role): Promise<User> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = await getServices().sessions.verify(token);
  if (!user) redirect('/');
  if (user.role !== role) redirect(`/${user.role}`);
  return user;
}
