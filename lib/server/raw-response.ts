/**
 * Lets a route handler take over the raw socket of the request it is handling.
 *
 * The custom server runs Next's handler for each SSE request (GET, `Accept: text/event-stream`)
 * inside an AsyncLocalStorage slot holding that request's `ServerResponse`; the route handler,
 * once it has authorised the stream, calls `takeSocket(start)`: the socket is detached from the
 * response (Node's `ServerResponse#detachSocket`, as an upgrade does) and handed to `start`.
 * Whatever Next then writes to the detached response goes nowhere, and Next's request
 * finishes at once instead of staying suspended for the life of the stream (see
 * lib/sse/socket-sse.ts for the cost that removes).
 *
 * The slot is only ever reachable from inside that request's own async context, so no client
 * input can name another request's socket.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface Slot {
  req: IncomingMessage;
  res: ServerResponse | null;
  /** Own keys of the request as Node made it, before Next added its own. */
  nodeKeys: Set<string | symbol>;
  taken: boolean;
}

export interface RawResponses {
  /** Runs `handle` with the request's raw response reachable by `takeSocket()` when it is an SSE request. */
  run<T>(req: IncomingMessage, res: ServerResponse, handle: () => Promise<T>): Promise<T>;
  /**
   * Detaches the socket of the SSE request being handled from its response and calls `start`
   * with it, outside the request's async context (see `outsideRequests` below). False, and
   * `start` not called, when there is no socket to take: not an SSE request, outside `run`,
   * already taken, a pipelined request still waiting for the socket, headers already sent.
   */
  takeSocket(start: (socket: Socket) => void): boolean;
}

/** Requests whose sockets may be taken over: what an EventSource sends. */
export function isSseRequest(req: IncomingMessage): boolean {
  return req.method === 'GET' && (req.headers.accept ?? '').includes('text/event-stream');
}

/**
 * Node's HTTP parser keeps the connection's last request object for as long as the socket
 * lives, and Next hangs its per-request state on that object (a request-meta property and
 * listeners whose closures hold the response and the whole handling context: ~25 KB a
 * connection, measured). Once Next has finished with a request whose socket was taken, put
 * the object back as Node made it.
 */
function releaseNextState(slot: Slot): void {
  const { req } = slot;
  req.removeAllListeners();
  for (const key of Reflect.ownKeys(req)) {
    if (!slot.nodeKeys.has(key)) delete (req as unknown as Record<string | symbol, unknown>)[key];
  }
}

/**
 * Call at server start, outside any request. Everything the stream creates later (its bus
 * subscription, promises, the snapshot's database reads) inherits the async context it was
 * created in, and Node keeps a promise's context for as long as the promise lives: started
 * inside Next's request, a stream's long-lived promises (the Redis bus keeps one per subscriber
 * and per topic) would keep Next's whole per-request state reachable, ~24 KB a connection
 * (measured with the bench's heap diff). Started in the context captured here, they keep nothing.
 */
export function createRawResponses(): RawResponses {
  const storage = new AsyncLocalStorage<Slot>();
  const outsideRequests = AsyncLocalStorage.snapshot();
  return {
    run(req, res, handle) {
      if (!isSseRequest(req)) return handle();
      const slot: Slot = { req, res, nodeKeys: new Set(Reflect.ownKeys(req)), taken: false };
      return storage.run(slot, handle).finally(() => {
        if (slot.taken) releaseNextState(slot);
      });
    },
    takeSocket(start) {
      const slot = storage.getStore();
      const res = slot?.res;
      if (!slot || !res) return false;
      // Async resources created later in this request (timers, promises) keep the slot
      // alive; emptied, it holds nothing.
      slot.res = null;
      const socket = res.socket;
      if (!socket || socket.destroyed || res.headersSent || res.writableEnded) return false;
      res.detachSocket(socket);
      slot.taken = true;
      outsideRequests(start, socket);
      return true;
    },
  };
}
