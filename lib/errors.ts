/**
 * Errors with a stable, machine-readable `code`. Tests assert the code, clients branch on it,
 * and the HTTP / WebSocket boundaries map it to the wire `{ error: { code, message } }` shape.
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
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

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
