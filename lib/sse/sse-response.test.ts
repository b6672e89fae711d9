import { describe, expect, it } from 'vitest';
import { linkAbortSignals } from './linked-signal';
import { lastEventIdOf, SSE_HEADERS, sseResponse, sseRouteConfig } from './sse-response';
import { createHeartbeat } from './heartbeat';
import { SSE_SHUTDOWN_REASON, type SseCloseReason } from './sse-stream';
import { createFakeBus } from './testing/fake-bus';
import { createSseReader } from './testing/sse-reader';
import { trackAbortListeners } from './testing/track-listeners';

describe('lastEventIdOf', () => {
  const at = (url: string, headers: Record<string, string> = {}): string | undefined =>
    lastEventIdOf(new Request(`http://app.test${url}`, { headers }));

  it('reads the header, else the query parameter; the header wins', () => {
    expect(at('/s')).toBeUndefined();
    expect(at('/s', { 'Last-Event-ID': '5-0' })).toBe('5-0');
    expect(at('/s?lastEventId=3-0')).toBe('3-0');
    expect(at('/s?lastEventId=3-0', { 'Last-Event-ID': '5-0' })).toBe('5-0');
    expect(at('/s?lastEventId=3-0', { 'Last-Event-ID': '' })).toBe('3-0');
    expect(at('/s?lastEventId=')).toBeUndefined();
  });
});

describe('linkAbortSignals', () => {
  it('aborts on the first source, with its mapped reason, and detaches from all', () => {
    const a = new AbortController();
    const b = new AbortController();
    const countA = trackAbortListeners(a.signal);
    const countB = trackAbortListeners(b.signal);
    const link = linkAbortSignals([{ signal: a.signal }, { signal: b.signal, reason: 'shutdown' }]);
    expect(countA() + countB()).toBe(2);
    b.abort('whatever');
    expect(link.signal.aborted).toBe(true);
    expect(link.signal.reason).toBe('shutdown');
    expect(countA() + countB()).toBe(0);
  });

  it('detaches on dispose without aborting', () => {
    const a = new AbortController();
    const count = trackAbortListeners(a.signal);
    const link = linkAbortSignals([{ signal: a.signal }]);
    link.dispose();
    link.dispose();
    expect(count()).toBe(0);
    a.abort();
    expect(link.signal.aborted).toBe(false);
  });

  it('is aborted at once, with no listeners, when a source already is', () => {
    const a = new AbortController();
    a.abort('gone');
    const count = trackAbortListeners(a.signal);
    const link = linkAbortSignals([{ signal: a.signal }]);
    expect(link.signal.reason).toBe('gone');
    expect(count()).toBe(0);
  });
});

describe('sseResponse', () => {
  it('answers 200 with the SSE headers and a stream', async () => {
    const bus = createFakeBus();
    const heartbeat = createHeartbeat(60_000);
    const client = new AbortController();
    const response = sseResponse(new Request('http://app.test/s', { signal: client.signal }), {
      subscribe: (after, onEvent) => bus.subscribe('t', { after }, onEvent),
      snapshot: async () => [{ type: 'surge', data: { full: true } }],
      retryMs: 3000,
      heartbeat,
      maxBufferedBytes: 1 << 16,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('connection')).toBe('keep-alive');
    const reader = createSseReader(response.body ?? new ReadableStream());
    expect((await reader.next())?.retry).toBe(3000);
    expect((await reader.nextEvent()).event).toBe('surge');
    client.abort();
    expect(await reader.next()).toBeUndefined();
    expect(bus.subscriptions()).toBe(0);
  });

  it('ends with shutdown when the shutdown signal aborts, whatever its reason, and detaches from it', async () => {
    const bus = createFakeBus();
    const shutdown = new AbortController();
    const shutdownListeners = trackAbortListeners(shutdown.signal);
    const request = new Request('http://app.test/s');
    const requestListeners = trackAbortListeners(request.signal);
    const closes: SseCloseReason[] = [];
    const response = sseResponse(request, {
      subscribe: (after, onEvent) => bus.subscribe('t', { after }, onEvent),
      snapshot: async () => [],
      retryMs: 1000,
      heartbeat: createHeartbeat(60_000),
      maxBufferedBytes: 1 << 16,
      shutdownSignal: shutdown.signal,
      onClose: (reason) => closes.push(reason),
    });
    expect(shutdownListeners()).toBe(1);
    shutdown.abort(new Error('SIGTERM'));
    expect(await createSseReader(response.body ?? new ReadableStream()).rest()).toEqual([{ retry: 1000, comments: [] }]);
    expect(closes).toEqual(['shutdown']);
    expect(shutdownListeners()).toBe(0);
    expect(requestListeners()).toBe(0);
    expect(bus.subscriptions()).toBe(0);
  });

  it('detaches from the signals when the options are rejected', () => {
    const shutdown = new AbortController();
    const count = trackAbortListeners(shutdown.signal);
    expect(() =>
      sseResponse(new Request('http://app.test/s'), {
        subscribe: async () => Promise.reject(new Error('unused')),
        snapshot: async () => [],
        retryMs: -1,
        heartbeat: createHeartbeat(1000),
        maxBufferedBytes: 1,
        shutdownSignal: shutdown.signal,
      }),
    ).toThrow();
    expect(count()).toBe(0);
  });

  it('documents the route segment config the route files must declare', () => {
    expect(sseRouteConfig).toEqual({ runtime: 'nodejs', dynamic: 'force-dynamic' });
    expect(Object.isFrozen(SSE_HEADERS)).toBe(true);
    expect(SSE_SHUTDOWN_REASON).toBe('shutdown');
  });
});
