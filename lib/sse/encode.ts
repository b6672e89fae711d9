/**
 * SSE wire encoding (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 *
 * Everything here returns bytes ready to enqueue. A bus event is encoded once however many
 * streams it fans out to (see `encodeBusEvent`).
 */
import { AppError } from '@/lib/errors';
import type { BusEvent } from '@/lib/bus/types';


// Buffer.from(string) rather than TextEncoder: small strings are copied into Node's shared
// pool instead of a fresh allocation each (a micro-run printed 2.5–3.6 µs per event for
// encodeEvent with TextEncoder, 1.2–1.4 µs for Buffer.from of the same text alone). The bytes
// are shared slices: nobody may transfer or mutate them (see `encodeBusEvent`).
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

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
  return utf8(`id: ${event.id}\nevent: ${event.type}\ndata: ${json}\n\n`);
}

// Both buses hand one event object to all of a topic's local subscribers one after another
// (memory: publish's delivery loop; Redis: one decode per pub/sub message), so remembering the
// last event is enough for a broadcast to encode once. A WeakMap did the same for any order,
// but its entry per event cost more than the encoding saved on a per-rider topic (a micro-run,
// one subscriber: 4.2–7.3 µs per event through it, 2.5–3.6 µs without). A replay (different
// subscribers at different times) encodes again: that is correct, just not shared.
let lastEvent: BusEvent | undefined;
let lastBytes: Uint8Array | undefined;

/**
 * Encodes a bus event; consecutive calls with the same event object get the same bytes. The
 * bytes are shared between every stream that sends the event: callers must not mutate or
 * transfer them (so they must never go into a `type: 'bytes'` stream, whose enqueue detaches
 * the buffer).
 */
export function encodeBusEvent(event: BusEvent): Uint8Array {
  if (event === lastEvent && lastBytes) return lastBytes;
  const bytes = encodeEvent(event);
  lastEvent = event;
  lastBytes = bytes;
  return bytes;
}

/** `retry: <ms>`: how long a browser waits before reconnecting. */
export function encodeRetry(ms: number): Uint8Array {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new AppError('SSE_INVALID_FIELD', `SSE retry must be a non-negative integer, got ${ms}`, 500);
  }
  return utf8(`retry: ${ms}\n\n`);
}

/**
 * A comment, which every client ignores: used as a keep-alive. Each line of a multi-line
 * text becomes its own comment line, so no text can inject a field.
 */
export function encodeComment(text = ''): Uint8Array {
  const lines = text.split(/\r\n|\r|\n/).map((line) => (line ? `: ${line}` : ':'));
  return utf8(`${lines.join('\n')}\n\n`);
}
