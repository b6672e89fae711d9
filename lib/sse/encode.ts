/**
 * SSE wire encoding (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 *
 * Everything here returns bytes ready to enqueue. Bus events are cached per object so that a
 * fan-out to thousands of streams serialises each event once.
 */
import { AppError } from '@/lib/errors';
import type { BusEvent } from '@/lib/bus/types';

const encoder = new TextEncoder();

/** An event as it goes on the wire: the `id:`, `event:` and JSON `data:` lines. */
export interface SseEventFields {
  id: string;
  type: string;
  data: unknown;
}

/**
 * A field value may not contain CR or LF (either would end the line and let the rest be read
 * as another field) nor NUL (the spec makes a browser ignore an `id` containing it).
 */
const UNSAFE_FIELD = /[\r\n\0]/;

function assertSafeField(name: 'id' | 'event', value: string): void {
  if (UNSAFE_FIELD.test(value)) {
    throw new AppError('SSE_INVALID_FIELD', `SSE ${name} must not contain CR, LF or NUL`, 500);
  }
}

/**
 * Encodes one data event. `data` is JSON, which never contains a raw newline, so it always
 * fits one `data:` line. `undefined` data is sent as `null` so the line is still valid JSON.
 * @throws AppError `SSE_INVALID_FIELD` when id or type contain a line break or NUL;
 *   the JSON.stringify error when data is not serialisable (cycles, BigInt).
 */
export function encodeEvent(event: SseEventFields): Uint8Array {
  assertSafeField('id', event.id);
  assertSafeField('event', event.type);
  const json = JSON.stringify(event.data) ?? 'null';
  return encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${json}\n\n`);
}

// Keyed by the event object the bus hands to every subscriber: one encode per publish,
// however many streams receive it, and the entry dies with the event.
const busEventCache = new WeakMap<BusEvent, Uint8Array>();

/**
 * Encodes a bus event, once per event object. The returned bytes are shared between every
 * stream that sends the event: callers must not mutate or transfer them (so they must never
 * go into a `type: 'bytes'` stream, whose enqueue detaches the buffer).
 */
export function encodeBusEvent(event: BusEvent): Uint8Array {
  let bytes = busEventCache.get(event);
  if (!bytes) {
    bytes = encodeEvent(event);
    busEventCache.set(event, bytes);
  }
  return bytes;
}

/** `retry: <ms>`: how long a browser waits before reconnecting. */
export function encodeRetry(ms: number): Uint8Array {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new AppError('SSE_INVALID_FIELD', `SSE retry must be a non-negative integer, got ${ms}`, 500);
  }
  return encoder.encode(`retry: ${ms}\n\n`);
}

/**
 * A comment, which every client ignores: used as a keep-alive. Each line of a multi-line
 * text becomes its own comment line, so no text can inject a field.
 */
export function encodeComment(text = ''): Uint8Array {
  const lines = text.split(/\r\n|\r|\n/).map((line) => (line ? `: ${line}` : ':'));
  return encoder.encode(`${lines.join('\n')}\n\n`);
}
