/**
 * The transport-agnostic SSE session: one `ReadableStream` of encoded bytes per client.
 *
 * It owns `retry:`, snapshot-or-replay, ordering, keep-alive, backpressure and cleanup, so a
 * route handler (or a bare `node:http` server, or a test) only pipes the bytes somewhere.
 */
import { AppError } from '@/lib/errors';
import type { BusEvent, Subscription } from '@/lib/bus/types';
import { encodeBusEvent, encodeComment, encodeEvent, encodeRetry } from './encode';
import { EMPTY_HEAD_ID, isValidEventId } from './event-id';
import type { Heartbeat } from './heartbeat';
import { onAbort } from './on-abort';

/** Why a stream ended; reported once to `onClose`. */
/** `resync`: the bus lost history under a live stream; ending it makes the client reconnect and get a snapshot. */
export type SseCloseReason = 'client' | 'shutdown' | 'backpressure' | 'error' | 'resync';

/** An abort whose `signal.reason` is this string is reported as `'shutdown'`, not `'client'`. */
export const SSE_SHUTDOWN_REASON = 'shutdown';

/** One event of a snapshot: the current state, sent when no replay is possible. */
export interface SseSnapshotEvent {
  type: string;
  data: unknown;
}

export interface SseStreamOptions {
  /** Ends the stream when aborted: `'shutdown'` if its reason is `SSE_SHUTDOWN_REASON`, else `'client'`. */
  signal: AbortSignal;
  /** From `Last-Event-ID`; ignored (snapshot instead) unless it is a well-formed event id. */
  lastEventId?: string;
  /**
   * Subscribes to the bus topic, replaying after `after` when given. `onGap` is for the bus's
   * `SubscribeOptions.onGap`: the stream ends with `'resync'` and the client reconnects.
   */
  subscribe: (after: string | undefined, onEvent: (event: BusEvent) => void, onGap: () => void) => Promise<Subscription>;
  /**
   * The current state as events. Called only after `subscribe` resolved, so it reflects every
   * event up to `subscription.headId`; each snapshot event is sent with that id.
   */
  snapshot: () => Promise<SseSnapshotEvent[]>;
  /** Sent first as `retry:`: the browser's reconnect delay. */
  retryMs: number;
  /** The process-wide keep-alive ticker. */
  heartbeat: Heartbeat;
  /**
   * Bytes this stream may hold for a consumer that is not reading (the stream's queue plus
   * events held back behind a pending snapshot). Past it the client is dropped. A single
   * chunk larger than the limit is still admitted into an empty queue, so the bound is
   * `max(maxBufferedBytes, largest event)`.
   */
  maxBufferedBytes: number;
  /** Called exactly once, after cleanup. `error` is set for `'error'`. */
  onClose?: (reason: SseCloseReason, error?: unknown) => void;
  /** Called after every chunk admitted, with the bytes now held for the consumer (metrics, tests). */
  onQueued?: (bufferedBytes: number) => void;
}

// Shared by every stream: a keep-alive carries no per-stream data.
const KEEP_ALIVE = encodeComment('keep-alive');

const chunkSize = (chunk: Uint8Array): number => chunk.byteLength;

/** Guards an observer or a foreign cleanup call, so that one failure cannot stop the rest of cleanup. */
function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // Cleanup must run to the end; the failing callee is outside this module's control.
  }
}

/**
 * Creates the byte stream for one SSE client.
 *
 * Order on the wire: `retry:`; then either the replay of every event after `lastEventId` (when
 * the bus still has it) or a snapshot stamped with the subscription's `headId`; then live
 * events. Events that arrive while the subscription or the snapshot is pending are held and
 * sent after it, in order. Keep-alive comments may appear anywhere between events.
 *
 * The stream ends, and cleans up exactly once (unsubscribe, heartbeat removal, abort listener
 * removal; no timer of its own exists), on: `signal` abort, consumer cancel, buffered bytes over `maxBufferedBytes`
 * (the stream errors with `SSE_BACKPRESSURE`, discarding its queue), or a failing
 * `subscribe`/`snapshot` (the stream errors with that error).
 *
 * @throws AppError `SSE_INVALID_FIELD` / RangeError synchronously for bad options, before any subscription.
 */
export function createSseStream(options: SseStreamOptions): ReadableStream<Uint8Array> {
  const { signal, heartbeat, maxBufferedBytes, onClose, onQueued } = options;
  if (!Number.isFinite(maxBufferedBytes) || maxBufferedBytes <= 0) {
    throw new RangeError(`maxBufferedBytes must be a positive number, got ${maxBufferedBytes}`);
  }
  const retryChunk = encodeRetry(options.retryMs);

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let subscription: Subscription | undefined;
  let removeTick: (() => void) | undefined;
  let removeAbort: (() => void) | undefined;
  // Live events held back until the snapshot has gone out; undefined once they flow directly.
  let held: Uint8Array[] | undefined = [];
  let heldBytes = 0;

  // The queuing strategy's high-water mark is maxBufferedBytes, so what the consumer has not
  // read yet is exactly the mark minus desiredSize.
  const buffered = (): number => maxBufferedBytes - (controller.desiredSize ?? 0) + heldBytes;

  /** False (and the client dropped) when `size` more bytes would exceed the limit. */
  const admit = (size: number): boolean => {
    const now = buffered();
    if (now > 0 && now + size > maxBufferedBytes) {
      finish('backpressure', new AppError('SSE_BACKPRESSURE', 'SSE client is not reading; dropped', 503));
      return false;
    }
    return true;
  };

  const send = (chunk: Uint8Array): void => {
    if (closed || !admit(chunk.byteLength)) return;
    controller.enqueue(chunk);
    onQueued?.(buffered());
  };

  const finish = (reason: SseCloseReason, error?: unknown, cancelled = false): void => {
    if (closed) return;
    closed = true;
    removeAbort?.();
    removeAbort = undefined;
    const untick = removeTick;
    const sub = subscription;
    removeTick = undefined;
    subscription = undefined;
    held = undefined;
    heldBytes = 0;
    if (untick) attempt(untick);
    if (sub) attempt(() => sub.unsubscribe());
    if (!cancelled) {
      // close() lets a reader drain what is queued (a graceful end the browser reconnects
      // from); error() discards the queue at once, which is the point of a backpressure drop.
      attempt(() => (reason === 'client' || reason === 'shutdown' || reason === 'resync' ? controller.close() : controller.error(error)));
    }
    if (onClose) attempt(() => onClose(reason, error));
  };

  const aborted = (): void => {
    finish(signal.reason === SSE_SHUTDOWN_REASON ? 'shutdown' : 'client');
  };

  const onEvent = (event: BusEvent): void => {
    if (closed) return;
    let chunk: Uint8Array;
    try {
      chunk = encodeBusEvent(event);
    } catch (error) {
      finish('error', error);
      return;
    }
    if (!held) {
      send(chunk);
    } else if (admit(chunk.byteLength)) {
      held.push(chunk);
      heldBytes += chunk.byteLength;
      onQueued?.(buffered());
    }
  };

  const open = async (): Promise<void> => {
    const { lastEventId } = options;
    const after = lastEventId !== undefined && isValidEventId(lastEventId) ? lastEventId : undefined;
    let sub: Subscription;
    try {
      sub = await options.subscribe(after, onEvent, () => finish('resync'));
    } catch (error) {
      finish('error', error);
      return;
    }
    if (closed) {
      // Aborted while subscribing: nobody else holds this subscription, so end it here.
      attempt(() => sub.unsubscribe());
      return;
    }
    subscription = sub;

    if (after === undefined || sub.gap) {
      try {
        const events = await options.snapshot();
        // The snapshot reflects everything up to headId, and live events all come after it,
        // so stamping it with headId keeps ids ordered and makes a reconnect replay from there.
        const id = sub.headId ?? EMPTY_HEAD_ID;
        for (const event of events) {
          if (closed) return;
          send(encodeEvent({ id, type: event.type, data: event.data }));
        }
      } catch (error) {
        finish('error', error);
        return;
      }
    }

    const pending = held;
    if (closed || !pending) return;
    // Moving held chunks into the queue keeps the total unchanged, so admit() sees the truth.
    held = undefined;
    heldBytes = 0;
    for (const chunk of pending) {
      if (closed) return;
      send(chunk);
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (signal.aborted) {
          aborted();
          return;
        }
        // Through onAbort, not addEventListener: callers may pass the process-wide shutdown
        // signal itself, shared by every stream (see on-abort.ts).
        removeAbort = onAbort(signal, aborted);
        send(retryChunk);
        removeTick = heartbeat.add(() => send(KEEP_ALIVE));
        void open();
      },
      cancel() {
        finish('client', undefined, true);
      },
    },
    // Not a `type: 'bytes'` stream: its enqueue would detach the shared, cached event bytes.
    { highWaterMark: maxBufferedBytes, size: chunkSize },
  );
}
