import { AppError } from '@/lib/errors';
import { ErrorCode } from '@/lib/protocol/error-codes';
import { signInBodySchema } from '@/lib/protocol/session';
import { clientAddress, isSecure, readJson, requireUser, route } from '@/lib/server/http';
import { getServices } from '@/lib/server/services';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const noStore = { 'Cache-Control': 'no-store' };

/** Sign in (demo: no password) and receive the session cookie. */
export const POST = route(async (request) => {
  const { sessions, signInLimiter } = getServices();
  const wait = signInLimiter.take(clientAddress(request));
  if (wait > 0) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many sign-ins; try again shortly', 429, wait);
  const body = await readJson(request, signInBodySchema, 1024);
  const { user, token } = await sessions.signIn(body.role, body.name);
  return Response.json({ user }, {
    headers: { ...noStore, 'Set-Cookie': sessions.cookie(token, { secure: isSecure(request) }) },
  });
});

export const GET = route(async (request) => Response.json({ user: await requireUser(request) }, { headers: noStore }));

export const DELETE = route(async (request) => new Response(null, {
  status: 204,
  headers: { ...noStore, 'Set-Cookie': getServices().sessions.clearCookie({ secure: isSecure(request) }) },
}));
