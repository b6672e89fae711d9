/**
 * The transport-agnostic SSE session: what one client gets, written to a sink.
 *
 * It owns `retry:`, snapshot-or-replay, ordering, keep-alive, backpressure and cleanup. A sink
 * only moves bytes: a `ReadableStream` controller for a Fetch `Response` (`createSseStream`),
 * or a raw socket (`node-sse.ts`), whichever the route runs on.
 *
 * One class instance per client, with its few callbacks bound once: a fan-out to thousands of
 * streams allocates no closure per connection beyond those, and no object per event (the
 * encoded bytes are shared, see encode.ts).
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

export interface SseSessionOptions {
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
   * Bytes this stream may hold for a consumer that is not reading (the sink's queue plus
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

/** Where a session's bytes go. */
export interface SseSink {
  /** Queues bytes for the client, in order. The bytes may be shared: never mutate or transfer them. */
  write(chunk: Uint8Array): void;
  /** Bytes written but not yet taken by the client. */
  buffered(): number;
  /** Graceful end: what is queued still reaches the client, which then reconnects. */
  end(): void;
  /** Abrupt end: what is queued is discarded (a backpressure drop, a failure). */
  destroy(error: unknown): void;
  /** Optional: runs `send`, whose writes may then leave together (a replay: one syscall, not one per event). */
  batch?(send: () => void): void;
}

/** The running session, as its transport sees it. */
export interface SseSession {
  /** The consumer went away (stream cancelled, socket closed): clean up; the sink is not touched. */
  cancel(): void;
}

/** A validated session, ready to be started on a sink. */
export interface PreparedSseSession {
  start(sink: SseSink): SseSession;
}

// Shared by every stream: a keep-alive carries no per-stream data.
const KEEP_ALIVE = encodeComment('keep-alive');

/** Guards an observer or a foreign cleanup call, so that one failure cannot stop the rest of cleanup. */
function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // Cleanup must run to the end; the failing callee is outside this module's control.
  }
}

/**
 * Validates the options and encodes what every start needs; the session itself starts (and
 * subscribes) only on `start(sink)`.
 *
 * Order on the wire: `retry:`; then either the replay of every event after `lastEventId` (when
 * the bus still has it) or a snapshot stamped with the subscription's `headId`; then live
 * events. Events that arrive while the subscription or the snapshot is pending are held and
 * sent after it, in order. Keep-alive comments may appear anywhere between events.
 *
 * The session ends, and cleans up exactly once (unsubscribe, heartbeat removal, abort listener
 * removal; no timer of its own exists), on: `signal` abort, `cancel()`, buffered bytes over
 * `maxBufferedBytes` (the sink is destroyed with `SSE_BACKPRESSURE`), or a failing
 * `subscribe`/`snapshot` (the sink is destroyed with that error).
 *
 * @throws AppError `SSE_INVALID_FIELD` / RangeError synchronously for bad options, before any subscription.
 */
export function prepareSseSession(options: SseSessionOptions): PreparedSseSession {
  if (!Number.isFinite(options.maxBufferedBytes) || options.maxBufferedBytes <= 0) {
    throw new RangeError(`maxBufferedBytes must be a positive number, got ${options.maxBufferedBytes}`);
  }
  const retryChunk = encodeRetry(options.retryMs);
  return { start: (sink) => new Session(options, sink, retryChunk) };
}

class Session implements SseSession {
  private closed = false;
  private subscription: Subscription | undefined;
  private removeTick: (() => void) | undefined;
  private removeAbort: (() => void) | undefined;
  /** Live events held back until the snapshot has gone out; undefined once they flow directly. */
  private held: Uint8Array[] | undefined = [];
  private heldBytes = 0;
  // Bound once per session: the bus, the heartbeat and the signal each keep one of them.
  private readonly onEvent = (event: BusEvent): void => this.receive(event);
  private readonly onGap = (): void => this.finish('resync');
  private readonly onTick = (): void => this.send(KEEP_ALIVE);

  constructor(
    private readonly options: SseSessionOptions,
    private readonly sink: SseSink,
    retryChunk: Uint8Array,
  ) {
    const { signal } = options;
    if (signal.aborted) {
      this.aborted();
      return;
    }
    // Through onAbort, not addEventListener: callers may pass the process-wide shutdown
    // signal itself, shared by every stream (see on-abort.ts).
    this.removeAbort = onAbort(signal, () => this.aborted());
    this.send(retryChunk);
    this.removeTick = options.heartbeat.add(this.onTick);
    void this.open();
  }

  cancel(): void {
    this.finish('client', undefined, true);
  }

  private buffered(): number {
    return this.sink.buffered() + this.heldBytes;
  }

  /** False (and the client dropped) when `size` more bytes would exceed the limit. */
  private admit(size: number): boolean {
    const now = this.buffered();
    if (now > 0 && now + size > this.options.maxBufferedBytes) {
      this.finish('backpressure', new AppError('SSE_BACKPRESSURE', 'SSE client is not reading; dropped', 503));
      return false;
    }
    return true;
  }

  private send(chunk: Uint8Array): void {
    if (this.closed || !this.admit(chunk.byteLength)) return;
    this.sink.write(chunk);
    this.options.onQueued?.(this.buffered());
  }

  private finish(reason: SseCloseReason, error?: unknown, cancelled = false): void {
    if (this.closed) return;
    this.closed = true;
    this.removeAbort?.();
    this.removeAbort = undefined;
    const untick = this.removeTick;
    const sub = this.subscription;
    this.removeTick = undefined;
    this.subscription = undefined;
    this.held = undefined;
    this.heldBytes = 0;
    if (untick) attempt(untick);
    if (sub) attempt(() => sub.unsubscribe());
    if (!cancelled) {
      // A graceful end lets the client drain what is queued (and reconnect); a drop discards
      // the queue at once, which is the point of a backpressure drop.
      const graceful = reason === 'client' || reason === 'shutdown' || reason === 'resync';
      attempt(() => (graceful ? this.sink.end() : this.sink.destroy(error)));
    }
    const { onClose } = this.options;
    if (onClose) attempt(() => onClose(reason, error));
  }

  private aborted(): void {
    this.finish(this.options.signal.reason === SSE_SHUTDOWN_REASON ? 'shutdown' : 'client');
  }

  private receive(event: BusEvent): void {
    if (this.closed) return;
    let chunk: Uint8Array;
    try {
      chunk = encodeBusEvent(event);
    } catch (error) {
      this.finish('error', error);
      return;
    }
    if (!this.held) {
      this.send(chunk);
    } else if (this.admit(chunk.byteLength)) {
      this.held.push(chunk);
      this.heldBytes += chunk.byteLength;
      this.options.onQueued?.(this.buffered());
    }
  }

  private async open(): Promise<void> {
    const { lastEventId } = this.options;
    const after = lastEventId !== undefined && isValidEventId(lastEventId) ? lastEventId : undefined;
    let sub: Subscription;
    try {
      sub = await this.options.subscribe(after, this.onEvent, this.onGap);
    } catch (error) {
      this.finish('error', error);
      return;
    }
    if (this.closed) {
      // Aborted while subscribing: nobody else holds this subscription, so end it here.
      attempt(() => sub.unsubscribe());
      return;
    }
    this.subscription = sub;

    if (after === undefined || sub.gap) {
      try {
        const events = await this.options.snapshot();
        // The snapshot reflects everything up to headId, and live events all come after it,
        // so stamping it with headId keeps ids ordered and makes a reconnect replay from there.
        const id = sub.headId ?? EMPTY_HEAD_ID;
        for (const event of events) {
          if (this.closed) return;
          this.send(encodeEvent({ id, type: event.type, data: event.data }));
        }
      } catch (error) {
        this.finish('error', error);
        return;
      }
    }

    const pending = this.held;
    if (this.closed || !pending) return;
    // Moving held chunks into the sink keeps the total unchanged, so admit() sees the truth.
    this.held = undefined;
    this.heldBytes = 0;
    const flush = () => {
      for (const chunk of pending) {
        if (this.closed) return;
        this.send(chunk);
      }
    };
    if (this.sink.batch && pending.length > 1) this.sink.batch(flush);
    else flush();
  }
}
