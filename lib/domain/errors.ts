/**
 * Domain errors. lib/domain may not import lib/errors.ts (it imports only itself), so it has
 * its own error class with the same idea: a stable `code` that tests assert and the HTTP /
 * WebSocket boundaries map to a status and the wire `{ error: { code, message } }` shape.
 */

/**
 * Every code a domain function can throw.
 * - `INVALID_TRANSITION`: the action is not allowed from the ride's current status.
 * - `FORBIDDEN`: this actor may never perform this action.
 * - `INVALID_INPUT`: an argument is out of range (coordinates, distances, H3 cells, counts).
 */
export type DomainErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN' | 'INVALID_INPUT';

/** An error raised by lib/domain; branch on `code`, never on `message`. */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Narrows an unknown caught value to a {@link DomainError}. */
export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;
