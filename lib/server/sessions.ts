/**
 * Session tokens: HS256 JWTs (jose) in an HttpOnly, SameSite=Lax cookie. The token is the whole
 * session (no server-side store), so any instance that shares the key can verify it.
 */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { SESSION_COOKIE } from '@/lib/protocol/session';
import { roleSchema, type Role, type User } from '@/lib/protocol/common';

const ISSUER = 'curbside';
const AUDIENCE = 'curbside:session';

export interface Sessions {
  /** Makes a new user id and a signed token for it. */
  signIn(role: Role, name: string): Promise<{ user: User; token: string; maxAgeSeconds: number }>;
  /** A signed token for a known user (simulated drivers keep their identity across restarts). */
  issue(user: User): Promise<string>;
  /** The user of a token, or null for a missing, tampered or expired one. */
  verify(token: string | undefined | null): Promise<User | null>;
  /** The user of a `Cookie:` header (HTTP requests and WebSocket upgrades alike). */
  fromCookieHeader(header: string | undefined | null): Promise<User | null>;
  cookie(token: string, options: { secure: boolean }): string;
  clearCookie(options: { secure: boolean }): string;
}

export function createSessions(secret: Uint8Array, ttlSeconds: number, now: () => number = Date.now): Sessions {
  // Imported once: given the raw bytes, jose imports a WebCrypto key on every call, which
  // doubles the CPU of a verify (every HTTP request and upgrade verifies one).
  const imported = crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  imported.catch(() => {}); // a failure surfaces at the first use
  const verify = async (token: string | undefined | null): Promise<User | null> => {
    if (!token || token.length > 4096) return null;
    const key = await imported;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(now()),
      });
      const role = roleSchema.safeParse(payload.role);
      if (!role.success || typeof payload.sub !== 'string' || typeof payload.name !== 'string') return null;
      return { id: payload.sub, role: role.data, name: payload.name };
    } catch {
      return null;
    }
  };
  const attributes = (secure: boolean) => `Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

  const issue = async (user: User): Promise<string> => {
    const key = await imported;
    const issuedAt = Math.floor(now() / 1000);
    return new SignJWT({ role: user.role, name: user.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .sign(key);
  };

  return {
    async signIn(role, name) {
      const user: User = { id: `u_${randomUUID().replaceAll('-', '')}`, role, name };
      return { user, token: await issue(user), maxAgeSeconds: ttlSeconds };
    },
    issue,
    verify,
    fromCookieHeader: (header) => verify(readCookie(header, SESSION_COOKIE)),
    cookie: (token, { secure }) => `${SESSION_COOKIE}=${token}; Max-Age=${ttlSeconds}; ${attributes(secure)}`,
    clearCookie: ({ secure }) => `${SESSION_COOKIE}=; Max-Age=0; ${attributes(secure)}`,
  };
}

/** Reads one cookie from a `Cookie:` header. Tokens are base64url, so no decoding is needed. */
export function readCookie(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
