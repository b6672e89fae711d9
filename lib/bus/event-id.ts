/**
 * Event ids in the Redis Streams format `"<ms>-<seq>"`: both back ends mint them, SSE sends
 * them as `id:` lines, and a client's `Last-Event-ID` comes back through {@link isEventId}
 * before it reaches either back end (Redis rejects malformed ids with an error, not a miss).
 */
import { AppError } from '@/lib/errors';

/** Redis stores each part as an unsigned 64-bit integer: 20 digits at most. */
const UINT64_MAX = '18446744073709551615';

/** Two canonical decimals (no sign, no leading zeros), so string length orders them. */
const EVENT_ID_PATTERN = /^(0|[1-9]\d{0,19})-(0|[1-9]\d{0,19})$/;

/** Longest valid id: two 20-digit parts and the dash. Longer input is rejected unread. */
export const MAX_EVENT_ID_LENGTH = 41;

const fitsUint64 = (digits: string): boolean =>
  digits.length < UINT64_MAX.length || digits <= UINT64_MAX;

/**
 * True when `value` is a well-formed event id that Redis would also accept: canonical
 * decimals, each part within uint64. Safe to call on untrusted input (bounded length).
 */
export function isEventId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_EVENT_ID_LENGTH) return false;
  const match = EVENT_ID_PATTERN.exec(value);
  return match !== null && fitsUint64(match[1] ?? '') && fitsUint64(match[2] ?? '');
}

/** Compares canonical decimal substrings `a[aFrom..aTo)` and `b[bFrom..bTo)` without parsing. */
function compareDigits(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  const lengthDiff = aTo - aFrom - (bTo - bFrom);
  if (lengthDiff !== 0) return lengthDiff < 0 ? -1 : 1;
  for (let i = 0; i < aTo - aFrom; i++) {
    const diff = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Orders two event ids: negative when `a` is older, zero when equal, positive when newer.
 * Both must satisfy {@link isEventId}; this runs once per delivery, so it checks only the
 * shape it relies on and throws `BUS_INVALID_EVENT_ID` when that is missing.
 */
export function compareEventIds(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  if (aDash <= 0 || bDash <= 0) {
    throw new AppError('BUS_INVALID_EVENT_ID', `Not an event id: ${JSON.stringify(aDash <= 0 ? a : b).slice(0, 60)}`, 500);
  }
  return (
    compareDigits(a, 0, aDash, b, 0, bDash) ||
    compareDigits(a, aDash + 1, a.length, b, bDash + 1, b.length)
  );
}

