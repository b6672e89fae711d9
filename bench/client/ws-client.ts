/**
 * A WebSocket client of Curbside's `/ws` protocol (and the bare baseline's copy of it): cookie
 * auth on the upgrade, `hello` first, `pong` for `ping`, `chat.send` with a `ref`, and
 * reconnect with backoff. Chat frames carry their stamp in the body (payloads.ts).
 */
import WebSocket from 'ws';
import { backoffDelay } from '../lib/backoff';
import { nowUs } from '../lib/clock';
import { chatBody, parseChatBody } from '../lib/payloads';
import type { Meter } from './meter';
import { RunTrackers } from './meter';
import type { Backoff } from './sse-client';

export interface ChatCounts {
  sent: number;
  acked: number;
  rejected: number;
}

export interface WsClientOptions {
  url: string;
  cookie?: string;
  rideId: string;
  backoff: Backoff;
  meter: Meter;
  chat: ChatCounts;
}

interface Frame {
  type?: string;
  ref?: string;
  code?: string;
  body?: string;
  rideId?: string;
}

export class WsClient {
  openedAtUs = 0;
  opens = 0;
  private socket: WebSocket | undefined;
  private closed = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly trackers = new RunTrackers();
  private hello: (() => void) | undefined;
  private clientSeq = 0;

  constructor(private readonly options: WsClientOptions) {}

  /** Connects; resolves at `hello`. */
  open(): Promise<void> {
    return new Promise((resolve) => {
      this.hello = resolve;
      this.connect();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** Sends one stamped chat message; false when the socket is not open. */
  sendChat(run: number, seq: number): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    const ref = `b${++this.clientSeq}`;
    socket.send(JSON.stringify({
      type: 'chat.send', ref, rideId: this.options.rideId, clientId: `bench-${run}-${seq}-${this.clientSeq}`, body: chatBody({ run, seq, sentUs: nowUs() }),
    }));
    this.options.chat.sent++;
    return true;
  }

  private connect(): void {
    if (this.closed) return;
    const { meter } = this.options;
    const headers: Record<string, string> = {};
    if (this.options.cookie) headers.Cookie = this.options.cookie;
    const socket = new WebSocket(this.options.url, { headers, perMessageDeflate: false, handshakeTimeout: 30_000 });
    this.socket = socket;
    let settled = false;
    const retry = (kind: string | null) => {
      if (settled) return;
      settled = true;
      if (this.socket === socket) this.socket = undefined;
      if (this.closed) return;
      if (kind) meter.error(kind);
      meter.reconnects++;
      this.timer = setTimeout(() => this.connect(), backoffDelay(this.attempt++, this.options.backoff.baseMs, this.options.backoff.capMs));
    };
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      socket.terminate();
      retry(`http ${response.statusCode}`);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => retry(error.code ?? 'ws error'));
    socket.on('close', (code) => retry(code === 1000 || code === 1012 ? null : `ws close ${code}`));
    socket.on('message', (raw) => this.onFrame(socket, String(raw)));
  }

  private onFrame(socket: WebSocket, text: string): void {
    const { meter, chat } = this.options;
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
    } catch {
      meter.error('bad json');
      return;
    }
    switch (frame.type) {
      case 'hello':
        this.attempt = 0;
        this.opens++;
        this.openedAtUs = nowUs();
        this.hello?.();
        this.hello = undefined;
        break;
      case 'ping':
        socket.send('{"type":"pong"}');
        break;
      case 'ack':
        chat.acked++;
        break;
      case 'error':
        if (frame.ref) chat.rejected++;
        meter.error(`frame ${frame.code ?? 'error'}`);
        break;
      case 'chat': {
        const stamp = frame.body ? parseChatBody(frame.body) : null;
        if (stamp) meter.stamped(stamp, this.trackers.for(stamp.run, frame.rideId));
        break;
      }
      default:
        break;
    }
  }
}
