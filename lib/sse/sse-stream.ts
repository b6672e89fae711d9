/**
 * An SSE session as a `ReadableStream` of encoded bytes: the body of a Fetch `Response`
 * (a route handler, a test), or anything else that pipes a web stream somewhere.
 */
import { prepareSseSession, type SseSession, type SseSessionOptions } from './sse-session';

export {
  SSE_SHUTDOWN_REASON, type SseCloseReason, type SseSessionOptions as SseStreamOptions, type SseSnapshotEvent,
} from './sse-session';

const chunkSize = (chunk: Uint8Array): number => chunk.byteLength;

/**
 * Creates the byte stream for one SSE client (see `prepareSseSession` for the order on the
 * wire and when it ends). Cancelling the stream is the client going away.
 *
 * @throws AppError `SSE_INVALID_FIELD` / RangeError synchronously for bad options, before any subscription.
 */
export function createSseStream(options: SseSessionOptions): ReadableStream<Uint8Array> {
  const prepared = prepareSseSession(options);
  const { maxBufferedBytes } = options;
  let session: SseSession | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        session = prepared.start({
          write: (chunk) => controller.enqueue(chunk),
          // The queuing strategy's high-water mark is maxBufferedBytes, so what the consumer
          // has not read yet is exactly the mark minus desiredSize.
          buffered: () => maxBufferedBytes - (controller.desiredSize ?? 0),
          end: () => controller.close(),
          destroy: (error) => controller.error(error),
        });
      },
      cancel() {
        session?.cancel();
      },
    },
    // Not a `type: 'bytes'` stream: its enqueue would detach the shared, cached event bytes.
    { highWaterMark: maxBufferedBytes, size: chunkSize },
  );
}
