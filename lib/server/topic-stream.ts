/**
 * One SSE stream of one bus topic for one signed-in user: wires the route-handler adapter to
 * the process's bus, heartbeat, limits and shutdown signal, and logs open/close.
 */
import type { User } from '@/lib/protocol/common';
import { lastEventIdOf, sseResponse, type SseResponseOptions } from '@/lib/sse/sse-response';
import { sseOverSocket } from '@/lib/sse/socket-sse';
import type { SseSnapshotEvent } from '@/lib/sse/sse-stream';
import { getServices } from './services';

export { topics } from '@/lib/bus/topics';

export function streamTopic(
  request: Request,
  user: User,
  options: { kind: string; topic: string; snapshot: () => Promise<SseSnapshotEvent[]> },
): Response {
  const { bus, config, log, sseHeartbeat, shutdownSignal, rawResponses } = getServices();
  // Read here, not in the takeover callback: every closure made in this function shares one
  // context, and the stream's callbacks below live as long as the stream, so a closure that
  // named `request` would keep Next's whole Request alive with it (about 5 KB of heap per idle
  // stream, measured with `idle --sse 10000`).
  const lastEventId = lastEventIdOf(request);
  const openedAt = Date.now();
  log.info({ event: 'sse.open', kind: options.kind, user: user.id, role: user.role, topic: options.topic }, 'stream open');
  const stream: SseResponseOptions = {
    subscribe: async (after, onEvent, onGap) => {
      const subscription = await bus.subscribe(options.topic, { after, onGap }, onEvent);
      // A client that asked to resume but gets a snapshot has missed events (history trimmed,
      // expired or lost): worth a warning, it is the one way a stream skips events.
      if (subscription.gap) {
        log.warn({ event: 'sse.resume_gap', kind: options.kind, user: user.id, topic: options.topic, after, head: subscription.headId }, 'stream could not replay from Last-Event-ID; sent a snapshot');
      }
      return subscription;
    },
    snapshot: options.snapshot,
    retryMs: config.SSE_RETRY_MS,
    heartbeat: sseHeartbeat,
    maxBufferedBytes: config.SSE_MAX_BUFFERED_BYTES,
    shutdownSignal,
    onClose: (reason, error) => log.info({
      event: 'sse.close', kind: options.kind, user: user.id, role: user.role, topic: options.topic,
      durationMs: Date.now() - openedAt, reason, ...(error ? { err: error } : {}),
    }, 'stream closed'),
  };
  // On the custom server the stream goes straight to the socket, and Next's request ends now;
  // the Response below is what Next writes to the detached response, which reaches nobody.
  if (rawResponses.takeSocket((socket) => sseOverSocket(socket, lastEventId, stream))) {
    return new Response(null, { status: 200 });
  }
  return sseResponse(request, stream);
}
