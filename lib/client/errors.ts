import { AppError } from '@/lib/errors';

/** Stable codes of what the browser clients report (through `onError`, never by throwing). */
export type ClientErrorCode =
  /** A WebSocket frame that is not a JSON object with a string `type`. */
  | 'INVALID_FRAME'
  /** An SSE event whose `data` is not JSON. */
  | 'INVALID_EVENT_DATA'
  /** The outbox was full while offline, so its oldest frame was dropped. */
  | 'OUTBOX_OVERFLOW'
  /** No `WebSocket` / `EventSource` implementation was given and the host has none (thrown). */
  | 'UNSUPPORTED';

/**
 * An error of the browser transport layer. Bad input from the server is reported as one of
 * these instead of thrown: one unreadable frame must not kill a live connection.
 */
export class ClientError extends AppError {
  override readonly name = 'ClientError';
  constructor(
    override readonly code: ClientErrorCode,
    message: string,
    /** The offending payload, for logging. */
    readonly raw?: unknown,
  ) {
    super(code, message, 400, raw === undefined ? undefined : { raw });
  }
}
