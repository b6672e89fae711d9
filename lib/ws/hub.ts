/**
 * The WebSocket hub: authenticates upgrades, owns connections and their heartbeat, dispatches
 * validated frames to the handlers domain modules register, and delivers frames to a user on
 * any instance. It knows no ride logic.
 *
 * Delivery: a frame goes straight to its users' connections on this instance, and, when other
 * instances share the bus (Redis), is published on each user's topic (`user:<id>`) marked with
 * this instance's id, so the other instances deliver it to theirs and this one skips its own.
 * Going through the bus for local connections too cost about 19 µs per delivery (publish,
 * history, GC; `chat-fanout` in docs/benchmarks.md), and with the in-memory bus there is no
 * one else to reach. A frame is encoded once, as a whole WebSocket message (wire.ts), and those
 * bytes are written to every TCP socket it goes to (a chat message reaches its rider and its
 * driver; the heartbeat every connection).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { topics } from '@/lib/bus/topics';
import type { EventBus, Subscription } from '@/lib/bus/types';
import type { User } from '@/lib/protocol/common';
import { ErrorCode } from '@/lib/protocol/error-codes';
import type { ClientFrameType } from '@/lib/protocol/ws-messages';
import type { Logger } from '@/lib/server/log';
import { createRateLimiter } from '@/lib/server/rate-limit';
import type { Sessions } from '@/lib/server/sessions';
import { handleConnectionFrames } from './connection';
import type { FrameHandler, HubConnection, HubStats, ResumeListener } from './types';
import { isAllowedOrigin, rejectUpgrade } from './upgrade-checks';
import { textMessage } from './wire';

export interface HubOptions {
  bus: EventBus;
  sessions: Sessions;
  log: Logger;
  heartbeatMs: number;
  maxFrameBytes: number;
  maxFramesPer10s: number;
  allowedOrigins: readonly string[];
  /** A socket whose unsent bytes pass this is a slow consumer and is closed (1013). */
  maxBufferedBytes?: number;
  maxConnectionsPerUser?: number;
  /**
   * Whether other instances share the bus and may hold a user's connections (the Redis bus):
   * frames are then published for them too. Default true, which is right for any bus; false
   * (the in-memory bus) skips the publish.
   */
  sharedBus?: boolean;
}

export interface Hub {
  /** Registers the handler of one client frame type; returns its unregister. */
  on<T extends ClientFrameType>(type: T, handler: FrameHandler<T>): () => void;
  /** Listeners run on every `resume` frame (after every client (re)connect). */
  onResume(listener: ResumeListener): () => void;
  /**
   * Listeners run when a user's last connection on this instance closes (not when the hub
   * itself closes them for a restart: those clients come back).
   */
  onUserGone(listener: (user: User) => void): () => void;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Sends a frame to every connection of each of these users (each once, however often listed),
   * on whichever instance holds them. Resolves when it is handed to the sockets here and, with a
   * shared bus, published for the other instances.
   */
  deliver(userIds: readonly string[], frame: { type: string } & Record<string, unknown>): Promise<void>;
  stats(): HubStats;
  /** Closes every connection with `code` (1012 on restart) and stops the heartbeat. */
  close(code?: number, reason?: string): Promise<void>;
}

interface Entry {
  socket: WebSocket;
  connection: HubConnection;
  lastSeen: number;
  /** Sends an encoded frame (the slow-consumer check included). */
  sendEncoded(message: Buffer): void;
}

/**
 * A frame as one complete WebSocket text message of its UTF-8 JSON, for any number of sockets.
 * @throws TypeError when the frame is not JSON (a cycle, a BigInt).
 */
const encodeFrame = (frame: unknown): Buffer => textMessage(Buffer.from(JSON.stringify(frame)));
const PING = encodeFrame({ type: 'ping' });
const DELIVERED: Promise<void> = Promise.resolve();

/** What the hub publishes on a user's topic: the frame, and the instance that delivered it locally. */
interface UserTopicMessage {
  origin: string;
  frame: unknown;
}

const isUserTopicMessage = (data: unknown): data is UserTopicMessage =>
  typeof data === 'object' && data !== null && typeof (data as { origin?: unknown }).origin === 'string' && 'frame' in data;

interface UserSlot {
  entries: Set<Entry>;
  subscription: Promise<Subscription | null>;
}


export function createHub(options: HubOptions): Hub {
  const { bus, sessions, log, heartbeatMs } = options;
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const maxPerUser = options.maxConnectionsPerUser ?? 20;
  const sharedBus = options.sharedBus ?? true;
  /** Marks what this instance publishes, so its own subscriber skips frames it already delivered. */
  const instanceId = randomUUID();
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, clientTracking: false, perMessageDeflate: false });
  const handlers = new Map<ClientFrameType, FrameHandler<ClientFrameType>>();
  const resumeListeners = new Set<ResumeListener>();
  const goneListeners = new Set<(user: User) => void>();
  const users = new Map<string, UserSlot>();
  const entries = new Set<Entry>();
  const byRole = { rider: 0, driver: 0 };
  const limiter = createRateLimiter({ capacity: options.maxFramesPer10s, refillPerSecond: options.maxFramesPer10s / 10 });
  let closing = false;

  handlers.set('pong', () => undefined);
  handlers.set('resume', async (frame, connection) => {
    for (const listener of resumeListeners) await listener(frame as Parameters<ResumeListener>[0], connection);
  });

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const entry of entries) {
      if (now - entry.lastSeen > 2 * heartbeatMs) {
        log.info({ event: 'ws.dead', user: entry.connection.user.id, connectionId: entry.connection.id }, 'terminating silent connection');
        entry.socket.terminate();
      } else {
        entry.sendEncoded(PING);
      }
    }
  }, heartbeatMs);
  heartbeat.unref();

  /** Sends an encoded frame to every connection of the user here. */
  function sendToUser(slot: UserSlot | undefined, message: Buffer): void {
    if (slot) for (const target of slot.entries) target.sendEncoded(message);
  }

  /** A frame from the user's topic (another instance's delivery), for the user's connections here. */
  function sendFromBus(slot: UserSlot, frame: unknown): void {
    if (slot.entries.size > 0) sendToUser(slot, encodeFrame(frame));
  }

  /** One bus subscription per user per instance (when the bus is shared), shared by that user's tabs. */
  function joinUser(entry: Entry): Promise<void> {
    const userId = entry.connection.user.id;
    let slot = users.get(userId);
    if (!slot) {
      const created: UserSlot = { entries: new Set(), subscription: Promise.resolve(null) };
      if (sharedBus) {
        created.subscription = bus
          .subscribe(topics.user(userId), {}, (event) => {
            if (!isUserTopicMessage(event.data)) {
              // An instance of an older version publishes the frame itself.
              sendFromBus(created, event.data);
            } else if (event.data.origin !== instanceId) {
              sendFromBus(created, event.data.frame);
            }
          })
          .then((subscription) => {
            if (users.get(userId) !== created) subscription.unsubscribe();
            return subscription;
          })
          .catch((error: unknown) => {
            log.error({ err: error, user: userId }, 'user topic subscription failed');
            return null;
          });
      }
      users.set(userId, created);
      slot = created;
    }
    slot.entries.add(entry);
    return slot.subscription.then(() => undefined);
  }

  function leaveUser(entry: Entry): void {
    const userId = entry.connection.user.id;
    const slot = users.get(userId);
    if (!slot) return;
    slot.entries.delete(entry);
    if (slot.entries.size === 0) {
      users.delete(userId);
      void slot.subscription.then((subscription) => subscription?.unsubscribe());
      if (!closing) {
        for (const listener of goneListeners) {
          try {
            listener(entry.connection.user);
          } catch (error) {
            log.error({ err: error, user: userId }, 'user-gone listener failed');
          }
        }
      }
    }
  }

  /**
   * `tcp` is the socket the upgrade came on, which `ws` writes its own frames to (pongs, close)
   * synchronously: with no compression and no Blob sends its sender never queues, so a message
   * written here directly keeps its place among them. `socket.bufferedAmount` counts both.
   */
  function accept(socket: WebSocket, tcp: Duplex, user: User): void {
    const openedAt = Date.now();
    const sendEncoded = (message: Buffer): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > maxBuffered) {
        log.warn({ event: 'ws.slow', user: user.id, connectionId: connection.id, buffered: socket.bufferedAmount }, 'slow consumer');
        socket.close(1013, 'slow consumer');
        return;
      }
      tcp.write(message);
    };
    const connection: HubConnection = {
      id: `c_${randomUUID().replaceAll('-', '').slice(0, 20)}`,
      user,
      send: (frame) => sendEncoded(encodeFrame(frame)),
    };
    const entry: Entry = { socket, connection, lastSeen: openedAt, sendEncoded };
    entries.add(entry);
    byRole[user.role]++;
    log.info({ event: 'ws.open', kind: 'ws', user: user.id, role: user.role, connectionId: connection.id }, 'connection open');

    socket.on('error', (error) => log.warn({ err: error, connectionId: connection.id }, 'socket error'));
    socket.once('close', (code, reasonBuffer) => {
      entries.delete(entry);
      byRole[user.role]--;
      limiter.delete(connection.id);
      leaveUser(entry);
      log.info({
        event: 'ws.close', kind: 'ws', user: user.id, role: user.role, connectionId: connection.id,
        durationMs: Date.now() - openedAt, code, reason: reasonBuffer.toString() || null,
      }, 'connection closed');
    });

    connection.send({ type: 'hello', user, connectionId: connection.id, heartbeatMs });
    handleConnectionFrames(socket, {
      connection, handlers, limiter, log,
      onActivity: () => void (entry.lastSeen = Date.now()),
      ready: joinUser(entry),
    });
  }

  return {
    on(type, handler) {
      if (handlers.has(type)) throw new Error(`A handler for "${type}" is already registered`);
      handlers.set(type, handler as FrameHandler<ClientFrameType>);
      return () => void handlers.delete(type);
    },
    onResume(listener) {
      resumeListeners.add(listener);
      return () => void resumeListeners.delete(listener);
    },
    onUserGone(listener) {
      goneListeners.add(listener);
      return () => void goneListeners.delete(listener);
    },
    handleUpgrade(request, socket, head) {
      socket.on('error', () => socket.destroy());
      if (closing) return rejectUpgrade(socket, 503, ErrorCode.UNAVAILABLE, 'Server is restarting');
      if (!isAllowedOrigin(request, options.allowedOrigins)) {
        return rejectUpgrade(socket, 403, ErrorCode.FORBIDDEN, 'Origin not allowed');
      }
      sessions.fromCookieHeader(request.headers.cookie).then((user) => {
        if (!user) return rejectUpgrade(socket, 401, ErrorCode.UNAUTHENTICATED, 'Sign in first');
        if ((users.get(user.id)?.entries.size ?? 0) >= maxPerUser) {
          return rejectUpgrade(socket, 429, ErrorCode.RATE_LIMITED, 'Too many connections for this user');
        }
        if (closing || socket.destroyed) return socket.destroy();
        wss.handleUpgrade(request, socket, head, (ws) => accept(ws, socket, user));
      }, (error: unknown) => {
        log.error({ err: error }, 'upgrade failed');
        rejectUpgrade(socket, 503, ErrorCode.UNAVAILABLE, 'Try again');
      });
    },
    deliver(userIds, frame) {
      const unique = new Set(userIds);
      let encoded: Buffer | undefined;
      try {
        for (const userId of unique) {
          const slot = users.get(userId);
          if (slot && slot.entries.size > 0) sendToUser(slot, (encoded ??= encodeFrame(frame)));
        }
      } catch (error) {
        // A frame that is not JSON: a rejection, as from any other failed delivery, never a throw.
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (!sharedBus || unique.size === 0) return DELIVERED;
      const message: UserTopicMessage = { origin: instanceId, frame };
      return Promise.all([...unique].map((userId) => bus.publish(topics.user(userId), { type: 'ws', data: message }))).then(() => undefined);
    },
    stats: () => ({ connections: entries.size, byRole: { ...byRole }, users: users.size }),
    async close(code = 1012, reason = 'server restarting') {
      closing = true;
      clearInterval(heartbeat);
      const closed = [...entries].map((entry) => new Promise<void>((resolve) => {
        entry.socket.once('close', () => resolve());
        entry.socket.close(code, reason);
      }));
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
      await Promise.race([Promise.all(closed), timeout]);
      for (const entry of entries) entry.socket.terminate();
      wss.close();
    },
  };
}
