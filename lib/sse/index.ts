/** Server-Sent Events: encoding, the shared keep-alive, the stream, and the route adapter. */
export { encodeBusEvent, encodeComment, encodeEvent, encodeRetry, type SseEventFields } from './encode';
export { EMPTY_HEAD_ID, isValidEventId } from './event-id';
export { createHeartbeat, type Heartbeat } from './heartbeat';
export { linkAbortSignals, type LinkedSignal, type LinkSource } from './linked-signal';
export {
  createSseStream,
  SSE_SHUTDOWN_REASON,
  type SseCloseReason,
  type SseSnapshotEvent,
  type SseStreamOptions,
} from './sse-stream';
export { lastEventIdOf, SSE_HEADERS, sseResponse, sseRouteConfig, type SseResponseOptions } from './sse-response';
