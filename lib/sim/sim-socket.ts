/**
 * The socket a simulated driver talks through, and frame (de)coding. The shape is the
 * browser `WebSocket`'s handler properties, which the `ws` package's client also has, so
 * the server can pass `new WebSocket(url, { headers: { cookie } })` straight in and tests
 * can pass a fake.
 */
import { type ClientFrame, type ClientFrameType, type ServerFrame, serverFrames } from '@/lib/protocol/ws-messages';

/**
 * A handler property typed with method syntax on purpose: TypeScript checks method
 * parameters bivariantly, so both the DOM's `(event: MessageEvent) => void` and `ws`'s
 * `(event: WebSocket.MessageEvent) => void` fit, although neither event type is the other.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of a WebSocket a simulated driver uses. */
export interface SimSocket {
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED (the standard values). */
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** The readyState of an open socket. */
export const SOCKET_OPEN = 1;

const decoder = new TextDecoder();

/** Text of a message: a string in browsers and for `ws` text frames, bytes otherwise. */
function textOf(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return decoder.decode(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return decoder.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return null;
}

/**
 * Parses and validates a server frame. Returns null for anything that is not JSON, not a
 * known type, or not valid for its type: a simulated driver ignores what it cannot read,
 * exactly as a well-behaved client would.
 */
export function parseServerFrame(data: unknown): ServerFrame | null {
  const text = textOf(data);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || !('type' in value) || typeof value.type !== 'string') return null;
  if (!Object.hasOwn(serverFrames, value.type)) return null;
  const parsed = serverFrames[value.type as keyof typeof serverFrames].safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Encodes a client frame; the type parameter keeps each frame's fields honest. */
export function encodeClientFrame<T extends ClientFrameType>(frame: ClientFrame<T>): string {
  return JSON.stringify(frame);
}
