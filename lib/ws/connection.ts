/**
 * One WebSocket connection: parse, validate and dispatch its frames, in arrival order.
 * A plain function of `(socket, deps)` (trpc adapters/ws.ts shape) so tests can drive it.
 */
import type { WebSocket } from 'ws';
import { asClientError, isAppError } from '@/lib/errors';
import { ErrorCode } from '@/lib/protocol/error-codes';
import { clientFrames, envelopeSchema, type ClientFrameType } from '@/lib/protocol/ws-messages';
import type { Logger } from '@/lib/server/log';
import type { RateLimiter } from '@/lib/server/rate-limit';
import type { FrameHandler, HubConnection } from './types';

/** Frames waiting for their turn on one connection; past this the client is flooding us. */
const MAX_PENDING_FRAMES = 64;

export interface ConnectionDeps {
  connection: HubConnection;
  handlers: ReadonlyMap<ClientFrameType, FrameHandler<ClientFrameType>>;
  limiter: RateLimiter;
  log: Logger;
  /** Any frame from the peer proves it is alive. */
  onActivity(): void;
  /** Resolves when the connection may process frames (its user's delivery topic is live). */
  ready: Promise<void>;
}

const isKnownType = (type: string): type is ClientFrameType => Object.hasOwn(clientFrames, type);

/**
 * The heartbeat answer as our clients send it. It has no effect beyond proving the peer alive
 * (done for every frame), so this exact text skips parsing, validation and the frame queue:
 * every connection sends one per heartbeat. Any other spelling takes the normal path.
 */
const PONG = '{"type":"pong"}';

export function handleConnectionFrames(socket: WebSocket, deps: ConnectionDeps): void {
  const { connection, handlers, limiter, log } = deps;
  let queue = deps.ready;
  let pending = 0;

  const fail = (ref: string | undefined, code: string, message: string) =>
    connection.send({ type: 'error', ...(ref ? { ref } : {}), code, message });

  socket.on('message', (raw, isBinary) => {
    deps.onActivity();
    if (isBinary) return fail(undefined, ErrorCode.BAD_FRAME, 'Frames are JSON text');
    if (pending >= MAX_PENDING_FRAMES || limiter.take(connection.id) > 0) {
      return fail(undefined, ErrorCode.RATE_LIMITED, 'Too many frames; slow down');
    }
    const text = String(raw);
    if (text === PONG) return;
    pending++;
    // Frames of one connection run one after another, so a client's sends keep their order.
    queue = queue.then(() => dispatch(text)).finally(() => void pending--);
  });

  async function dispatch(text: string): Promise<void> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return fail(undefined, ErrorCode.BAD_JSON, 'Frame is not valid JSON');
    }
    const envelope = envelopeSchema.safeParse(value);
    if (!envelope.success) return fail(undefined, ErrorCode.BAD_FRAME, 'A frame is a JSON object with a string "type"');
    const { type, ref } = envelope.data;
    if (!isKnownType(type)) return fail(ref, ErrorCode.UNKNOWN_TYPE, `Unknown frame type "${type.slice(0, 40)}"`);
    const parsed = clientFrames[type].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(ref, ErrorCode.INVALID, `${type}: ${issue?.path.join('.') || 'frame'}: ${issue?.message ?? 'invalid'}`);
    }
    const handler = handlers.get(type);
    if (!handler) return fail(ref, ErrorCode.UNAVAILABLE, `"${type}" is not handled by this server yet`);
    try {
      const result = await handler(parsed.data, connection);
      if (ref) connection.send({ ...(result ?? {}), type: 'ack', ref });
    } catch (caught) {
      const error = asClientError(caught) ?? caught;
      if (isAppError(error)) return fail(ref, error.code, error.message);
      log.error({ err: error, type, connectionId: connection.id }, 'frame handler failed');
      fail(ref, ErrorCode.INTERNAL, 'Something went wrong on our side');
    }
  }
}
