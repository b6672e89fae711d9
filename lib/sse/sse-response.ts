/**
 * The Next.js route-handler adapter: a `Request` in, a streaming SSE `Response` out.
 *
 * A route file stays a thin adapter (authenticate, pick the topic, call `sseResponse`):
 *
 * ```ts
 * // app/api/rides/[id]/stream/route.ts
 * export const runtime = 'nodejs';
 * export const dynamic = 'force-dynamic';
 * export async function GET(request: Request, ctx: RouteContext<'/api/rides/[id]/stream'>) {
 *   // ...auth → 401/403/404...
 *   return sseResponse(request, { subscribe, snapshot, retryMs, heartbeat, maxBufferedBytes, shutdownSignal });
 * }
 * ```
 */
import { linkAbortSignals, type LinkSource } from './linked-signal';
import { createSseStream, SSE_SHUTDOWN_REASON, type SseStreamOptions } from './sse-stream';

/**
 * Segment config that every SSE route file must declare, literally:
 *
 * ```ts
 * export const runtime = 'nodejs';        // the bus and heartbeat are Node singletons on globalThis
 * export const dynamic = 'force-dynamic'; // a stream is never prerendered or cached
 * ```
 *
 * Write the literals; do not re-export or assign from this object. Next reads segment config
 * by static analysis of the route file, and ignores a re-exported field (next 16 warns "Next.js
 * can't recognize the exported `runtime` field ... The default config will be used instead.").
 * This object exists so a test can check the route files against it.
 */
export const sseRouteConfig = { runtime: 'nodejs', dynamic: 'force-dynamic' } as const;

/**
 * Response headers of every SSE stream. `no-transform` turns compression off, and
 * `X-Accel-Buffering: no` stops nginx-style proxies buffering the stream.
 */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
});

export interface SseResponseOptions extends Omit<SseStreamOptions, 'signal' | 'lastEventId'> {
  /**
   * The process's shutdown signal; when it aborts the stream ends with `'shutdown'` (whatever
   * its reason), so clients reconnect to another instance.
   */
  shutdownSignal?: AbortSignal;
}

/**
 * The id to resume after: the `Last-Event-ID` header (sent by EventSource on reconnect) or,
 * when absent or empty, `?lastEventId=` (a first connect cannot set headers). Not validated
 * here: `createSseStream` ignores a malformed id and sends a snapshot instead.
 */
export function lastEventIdOf(request: Request): string | undefined {
  const header = request.headers.get('last-event-id');
  if (header) return header;
  return new URL(request.url).searchParams.get('lastEventId') || undefined;
}

/**
 * Streams an SSE session for `request`. The stream ends when the client disconnects
 * (`request.signal`) or `shutdownSignal` aborts; listeners on both are removed when it ends.
 */
export function sseResponse(request: Request, options: SseResponseOptions): Response {
  const { shutdownSignal, onClose, ...streamOptions } = options;
  const sources: LinkSource[] = [{ signal: request.signal }];
  if (shutdownSignal) sources.push({ signal: shutdownSignal, reason: SSE_SHUTDOWN_REASON });
  const link = linkAbortSignals(sources);
  let body: ReadableStream<Uint8Array>;
  try {
    body = createSseStream({
      ...streamOptions,
      signal: link.signal,
      lastEventId: lastEventIdOf(request),
      onClose(reason, error) {
        link.dispose();
        onClose?.(reason, error);
      },
    });
  } catch (error) {
    link.dispose();
    throw error;
  }
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
