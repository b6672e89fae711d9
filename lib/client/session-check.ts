/**
 * Is the browser still signed in? The realtime clients cannot tell: a WebSocket upgrade refused
 * with 401 looks like any network error, and an EventSource that got a 401 just goes CLOSED.
 * So after repeated failures the app asks `GET /api/session`, which answers 401 when the
 * cookie has expired or was tampered with.
 */

/** `unknown`: the check itself failed (offline, server down); keep retrying, do not sign out. */
export type SessionStatus = 'signed-in' | 'signed-out' | 'unknown';

/** Consecutive failed connections after which the session is checked (each later failure checks again). */
export const SESSION_CHECK_AFTER_FAILURES = 2;

export type FetchLike = (input: string, init?: { method?: string; cache?: RequestCache; credentials?: RequestCredentials }) => Promise<{ status: number }>;

/** Asks the server whether the session cookie is still valid. Never throws. */
export async function checkSession(fetchImpl: FetchLike = (input, init) => fetch(input, init), path = '/api/session'): Promise<SessionStatus> {
  try {
    const response = await fetchImpl(path, { method: 'GET', cache: 'no-store', credentials: 'same-origin' });
    if (response.status === 401) return 'signed-out';
    return response.status >= 200 && response.status < 300 ? 'signed-in' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Which failure streak, if any, is due a check: the worst consecutive-failure count among the
 * connections once it reaches the threshold, else 0. A new value means a new check.
 */
export function sessionCheckDue(attempts: readonly number[], threshold = SESSION_CHECK_AFTER_FAILURES): number {
  const worst = attempts.reduce((max, attempt) => Math.max(max, attempt), 0);
  return worst >= threshold ? worst : 0;
}

/** Where a page whose session has expired sends the user: sign-in, which then says why. */
export const SESSION_EXPIRED_URL = '/?expired=1';
