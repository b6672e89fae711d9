import { type WebSocketConstructor, type WebSocketLike } from '../reconnecting-socket';

/** A close event with the fields the client reads; Node 20 has no global `CloseEvent`. */
export class FakeCloseEvent extends Event {
  constructor(readonly code: number, readonly reason: string, readonly wasClean: boolean) {
    super('close');
  }
}

/** A fake socket the test drives by hand. */
export interface FakeWebSocket extends WebSocketLike {
  readonly url: string;
  readyState: number;
  /** Frames sent while OPEN, parsed. */
  readonly sent: { type: string; [key: string]: unknown }[];
  /** Every `close()` the client called, in order. */
  readonly closeCalls: { code?: number; reason?: string }[];
  /** Server accepts: OPEN, then `onopen`. */
  open(): void;
  /** A server frame; objects are JSON-encoded, strings are sent raw. */
  message(data: unknown): void;
  /** The server (or network) closes: CLOSED, then `onclose`. */
  serverClose(code?: number, reason?: string): void;
  /** `onerror`, as the browser fires before a failure close. */
  error(): void;
}

/** A fresh fake `WebSocket` class whose instances are recorded, for one test. */
export interface FakeWebSocketKit {
  WebSocketImpl: WebSocketConstructor;
  /** Every socket created, oldest first. */
  instances: FakeWebSocket[];
  /** Sockets not CLOSING/CLOSED: the invariant is that this never exceeds 1. */
  live(): FakeWebSocket[];
  /** The newest socket; throws if none, so tests fail loudly. */
  last(): FakeWebSocket;
  /** Most sockets ever live at once, measured at each construction (the only time it can grow). */
  peakLive(): number;
}

/** Creates a fake WebSocket class. `close()` fires `onclose` synchronously on purpose: a
 * client that forgot to detach a socket before closing it would re-enter and be caught. */
export function createFakeWebSocket(): FakeWebSocketKit {
  const instances: FakeWebSocket[] = [];
  let peak = 0;
  const live = (): FakeWebSocket[] => instances.filter((socket) => socket.readyState < 2);

  class Fake implements FakeWebSocket {
    readyState = 0;
    onopen: ((event: Event) => void) | null = null;
    onmessage: ((event: MessageEvent) => void) | null = null;
    onclose: ((event: CloseEvent) => void) | null = null;
    onerror: ((event: Event) => void) | null = null;
    readonly sent: { type: string; [key: string]: unknown }[] = [];
    readonly closeCalls: { code?: number; reason?: string }[] = [];

    constructor(readonly url: string) {
      instances.push(this);
      peak = Math.max(peak, live().length);
    }

    send(data: string): void {
      // Mirrors the browser: CONNECTING throws, CLOSING/CLOSED silently discard.
      if (this.readyState === 0) throw new Error('InvalidStateError: still CONNECTING');
      if (this.readyState === 1) this.sent.push(JSON.parse(data) as { type: string });
    }

    close(code?: number, reason?: string): void {
      this.closeCalls.push({ code, reason });
      if (this.readyState >= 2) return;
      this.readyState = 3;
      this.onclose?.(new FakeCloseEvent(code ?? 1005, reason ?? '', true));
    }

    open(): void {
      this.readyState = 1;
      this.onopen?.(new Event('open'));
    }

    message(data: unknown): void {
      const payload = typeof data === 'string' ? data : JSON.stringify(data);
      this.onmessage?.(new MessageEvent('message', { data: payload }));
    }

    serverClose(code = 1006, reason = ''): void {
      this.readyState = 3;
      this.onclose?.(new FakeCloseEvent(code, reason, code !== 1006));
    }

    error(): void {
      this.onerror?.(new Event('error'));
    }
  }

  return {
    WebSocketImpl: Fake,
    instances,
    live,
    peakLive: () => peak,
    last() {
      const socket = instances.at(-1);
      if (!socket) throw new Error('no socket was created');
      return socket;
    },
  };
}
