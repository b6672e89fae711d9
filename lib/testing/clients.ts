/**
 * Test clients that talk to a running server the way outside clients do: HTTP with the
 * session cookie, EventSource-style SSE reading, and WebSocket frames with waiting helpers.
 */
import { WebSocket } from 'ws';
import { createSseReader, type SseReader } from '@/lib/sse/testing/sse-reader';
import { waitFor } from './wait-for';

export interface Session {
  cookie: string;
  user: { id: string; role: 'rider' | 'driver'; name: string };
}

export async function signIn(base: string, role: 'rider' | 'driver' = 'rider', name = 'Test'): Promise<Session> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role, name }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, user: ((await response.json()) as Session).user };
}

/** A JSON request with the session; resolves to the status and parsed body. */
export async function api<T = Record<string, unknown>>(
  base: string, session: Session | null, method: string, path: string, body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(session ? { cookie: session.cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface TestStream {
  response: Response;
  reader: SseReader;
  abort(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<TestStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  return { response, reader: createSseReader(response.body!), abort: () => controller.abort() };
}

export type Frame = { type: string; [key: string]: unknown };

/** A WebSocket test client: records frames, answers pings, sends frames with refs. */
export class TestSocket {
  readonly frames: Frame[] = [];
  readonly closed: Promise<number>;
  private nextRef = 0;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.frames.push(frame);
      if (frame.type === 'ping') ws.send('{"type":"pong"}');
    });
  }

  static open(base: string, session: Session): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ws`, { headers: { cookie: session.cookie } });
      const socket = new TestSocket(ws);
      ws.once('message', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  /** Waits for the first frame (from `fromIndex` on) that matches. */
  async next(predicate: (frame: Frame) => boolean, what = 'a frame', timeoutMs = 10_000, fromIndex = 0): Promise<Frame> {
    let found: Frame | undefined;
    await waitFor(() => (found = this.frames.slice(fromIndex).find(predicate)) !== undefined, timeoutMs, `${what}; got ${JSON.stringify(this.frames.slice(-5))}`);
    return found!;
  }

  /** Sends a frame with a fresh `ref` and resolves to its `ack` (or rejects with its `error`). */
  async request(frame: Frame): Promise<Frame> {
    const ref = `t${++this.nextRef}`;
    this.ws.send(JSON.stringify({ ...frame, ref }));
    const answer = await this.next((f) => f.ref === ref && (f.type === 'ack' || f.type === 'error'), `the answer to ${frame.type}`);
    if (answer.type === 'error') throw Object.assign(new Error(`${answer.code}: ${answer.message}`), { code: answer.code });
    return answer;
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  close(): void {
    this.ws.close();
  }
}
