import { ClientError } from './errors';

/** Any frame the server sends: a JSON object with a string `type` (see docs/protocol.md). */
export interface ServerFrame {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Any frame the client sends. `ref` is optional and echoed back in `ack` / `error`. */
export interface ClientFrame {
  type: string;
  [key: string]: unknown;
}

/**
 * Parses one text frame. Only the envelope is checked here: the payload of each type is
 * validated by whoever consumes it (the stores, with the zod schemas in lib/protocol).
 * @returns the frame, or a `ClientError` with code `INVALID_FRAME`.
 */
export function parseServerFrame(data: unknown): ServerFrame | ClientError {
  if (typeof data !== 'string') {
    return new ClientError('INVALID_FRAME', 'expected a text frame', data);
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return new ClientError('INVALID_FRAME', 'frame is not JSON', data);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new ClientError('INVALID_FRAME', 'frame is not a JSON object', data);
  }
  if (typeof (value as { type?: unknown }).type !== 'string') {
    return new ClientError('INVALID_FRAME', 'frame has no string "type"', data);
  }
  return value as ServerFrame;
}

/** Reads `heartbeatMs` from a `hello` frame; anything but a positive finite number is ignored. */
export function readHeartbeatMs(frame: ServerFrame): number | null {
  const value = frame.heartbeatMs;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** Reads `connectionId` from a `hello` frame. */
export function readConnectionId(frame: ServerFrame): string | null {
  return typeof frame.connectionId === 'string' ? frame.connectionId : null;
}
