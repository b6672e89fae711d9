/**
 * Helpers that keep route handlers thin: read a bounded, validated JSON body; turn an
 * `AppError` into the wire's `{ error: { code, message } }`; find the session's user.
 */
import type { z } from 'zod';
import { AppError, asClientError, isAppError } from '@/lib/errors';
import { ErrorCode } from '@/lib/protocol/error-codes';
import { idSchema, type User } from '@/lib/protocol/common';
import { getServices } from './services';

export function jsonError(code: string, message: string, status: number, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** Reads and validates a JSON body of at most `maxBytes`. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, maxBytes = 8 * 1024): Promise<z.output<S>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new AppError(ErrorCode.TOO_LARGE, `Body is larger than ${maxBytes} bytes`, 413);
  const text = await readBoundedText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.BAD_JSON, 'Body is not valid JSON', 400);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError(ErrorCode.INVALID, `${where}${issue?.message ?? 'invalid body'}`, 400, parsed.error.issues);
  }
  return parsed.data;
}

async function readBoundedText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError(ErrorCode.TOO_LARGE, `Body is larger than ${maxBytes} bytes`, 413);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The signed-in user, or an `UNAUTHENTICATED` (401) error. */
export async function requireUser(request: Request): Promise<User> {
  const user = await getServices().sessions.fromCookieHeader(request.headers.get('cookie'));
  if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first', 401);
  return user;
}

/** A 404 with the wire shape, for an id that is malformed or unknown. */
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `No such ${what}`, 404);

/** The `:id` of a route, or a 404 when it is not a well-formed id (nothing malformed reaches the database). */
export async function idParam(context: { params: Promise<{ id: string }> }, what: string): Promise<string> {
  const { id } = await context.params;
  if (!idSchema.safeParse(id).success) throw notFound(what);
  return id;
}

/** True when the request reached us over HTTPS (directly or through a proxy that says so). */
export const isSecure = (request: Request): boolean =>
  new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';

/** Wraps a route handler: `AppError`s become their status and code; anything else is a logged 500. */
export function route<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>) {
  return async (request: Request, ...rest: A): Promise<Response> => {
    try {
      return await handler(request, ...rest);
    } catch (caught) {
      const error = asClientError(caught) ?? caught;
      if (isAppError(error)) {
        const headers = error.code === ErrorCode.RATE_LIMITED && typeof error.details === 'number'
          ? { 'Retry-After': String(Math.max(1, Math.ceil(error.details / 1000))) }
          : undefined;
        return jsonError(error.code, error.message, error.status, headers);
      }
      getServices().log.error({ err: error, url: request.url }, 'route handler failed');
      return jsonError(ErrorCode.INTERNAL, 'Something went wrong on our side', 500);
    }
  };
}

/** The caller's address for rate limits: the proxy's `x-forwarded-for` first hop when present. */
export const clientAddress = (request: Request): string =>
  request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || 'local';
