/**
 * A lean SSE client on `node:http` (one keep-alive Agent per worker), parsing the stream
 * incrementally. Like a browser's EventSource it reconnects after any end or error, sending
 * `Last-Event-ID`; unlike it, with full-jitter exponential backoff (as lib/client does).
 */
import http from 'node:http';
import { backoffDelay } from '../lib/backoff';
import { nowUs } from '../lib/clock';
import { stampOf } from '../lib/payloads';
import { createSseParser, type SseMessage } from '../lib/sse-parser';
import type { Meter } from './meter';
import { RunTrackers } from './meter';

export interface Backoff {
  baseMs: number;
  capMs: number;
}

export interface SseClientOptions {
  agent: http.Agent;
  port: number;
  path: string;
  cookie?: string;
  /** The `Accept` header; none when null. */
  accept: string | null;
  backoff: Backoff;
  meter: Meter;
}

export class SseClient {
  /** When the current connection got its 200 (µs, shared clock); 0 before the first. */
  openedAtUs = 0;
  opens = 0;
  private closed = false;
  private attempt = 0;
  private request: http.ClientRequest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly trackers = new RunTrackers();
  private readonly parser = createSseParser({ onEvent: (message) => this.onEvent(message) });
  private firstEvent: (() => void) | undefined;

  constructor(private readonly options: SseClientOptions) {}

  /** Connects; resolves at the first event (the subscription is live by then). */
  open(): Promise<void> {
    return new Promise((resolve) => {
      this.firstEvent = resolve;
      this.connect();
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.request?.destroy();
    this.request = undefined;
  }

  private connect(): void {
    if (this.closed) return;
    const { agent, port, path, cookie, meter } = this.options;
    const headers: Record<string, string> = {};
    if (this.options.accept !== null) headers.Accept = this.options.accept;
    if (cookie) headers.Cookie = cookie;
    if (this.parser.lastEventId) headers['Last-Event-ID'] = this.parser.lastEventId;
    this.parser.reset();
    let settled = false;
    const retry = (kind: string | null) => {
      if (settled) return;
      settled = true;
      this.request = undefined;
      if (this.closed) return;
      if (kind) meter.error(kind);
      meter.reconnects++;
      const delay = backoffDelay(this.attempt++, this.options.backoff.baseMs, this.options.backoff.capMs);
      this.timer = setTimeout(() => this.connect(), delay);
    };
    const request = http.request({ agent, host: '127.0.0.1', port, path, method: 'GET', headers });
    this.request = request;
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return retry(`http ${response.statusCode}`);
      }
      this.attempt = 0;
      this.opens++;
      this.openedAtUs = nowUs();
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => this.parser.feed(chunk));
      // The first of these says how the stream ended (a clean end is followed by close, a reset
      // by error then close); the harness reports them, so a wave of drops shows in the table.
      let ended = false;
      const end = (cause: string) => {
        if (!ended && !this.closed) meter.ended(cause);
        ended = true;
        retry(null);
      };
      response.on('end', () => end('ended by the server'));
      response.on('error', (error: NodeJS.ErrnoException) => end(`error ${error.code ?? error.message}`));
      response.on('close', () => end('closed'));
    });
    request.on('error', (error: NodeJS.ErrnoException) => retry(error.code ?? 'request error'));
    request.end();
  }

  private onEvent(message: SseMessage): void {
    const { meter } = this.options;
    if (this.firstEvent) {
      this.firstEvent();
      this.firstEvent = undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      meter.error('bad json');
      return;
    }
    const stamp = stampOf(data);
    if (!stamp) {
      if (meter.run) meter.snapshots++; // `ride`, or `surge` with full: true
      return;
    }
    meter.stamped(stamp, this.trackers.for(stamp.run));
  }
}
