/**
 * Errors with a stable, machine-readable `code`. Tests assert the code, clients branch on it,
 * and the HTTP / WebSocket boundaries map it to the wire `{ error: { code, message } }` shape.
 */
/**
 * Marks every AppError, whichever copy of this module made it. The custom server loads lib/
 * through tsx while Next bundles its own copy into each route, so a service created by the
 * server (e.g. `rideAccess`) throws an AppError of another class than the route's: `instanceof`
 * alone would turn its 403 into a 500.
 */
const BRAND = Symbol.for('curbside.AppError');

export class AppError extends Error {
  override readonly name: string = 'AppError';
  readonly [BRAND] = true;
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status when this error crosses an HTTP boundary. */
    readonly status: number = 400,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const isAppError = (err: unknown): err is AppError =>
  err instanceof AppError || (err instanceof Error && (err as unknown as Record<symbol, unknown>)[BRAND] === true);

/** HTTP statuses of the domain's rule violations (lib/domain stays free of HTTP). */
const DOMAIN_STATUS: Record<string, { status: number; code: string }> = {
  INVALID_INPUT: { status: 400, code: 'INVALID' },
  FORBIDDEN: { status: 403, code: 'FORBIDDEN' },
  INVALID_TRANSITION: { status: 409, code: 'CONFLICT' },
};

/**
 * The error as an `AppError` when it is one the client caused: an `AppError`, or a
 * `DomainError` (any error with a known `code` from lib/domain). Null for a fault of ours.
 */
export function asClientError(err: unknown): AppError | null {
  if (isAppError(err)) return err;
  if (err instanceof Error && err.name === 'DomainError' && 'code' in err) {
    const mapped = DOMAIN_STATUS[String(err.code)];
    if (mapped) return new AppError(mapped.code, err.message, mapped.status);
  }
  return null;
}
