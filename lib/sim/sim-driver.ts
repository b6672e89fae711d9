/**
 * A simulated driver: an ordinary WebSocket client of `/ws` that speaks the driver side of
 * the protocol (shared/API.md). It goes online, cruises the city's roads reporting its
 * location, answers offers like a person would (after a pause, usually yes), drives
 * accepted rides through pickup and dropoff, and reconnects with full-jitter backoff.
 * The server cannot tell it from a phone, which is the point: the simulator exercises the
 * same paths real drivers do.
 */
import { createBackoff } from '@/lib/client/backoff';
import { defaultNow, defaultTimers } from '@/lib/client/timers';
import { type Ride } from '@/lib/protocol/ride';
import { type ClientFrame, type ClientFrameType, type ServerFrame } from '@/lib/protocol/ws-messages';
import { createDriverMotion } from './driver-motion';
import { createOfferDesk } from './offer-desk';
import { SOCKET_OPEN, type SimSocket, encodeClientFrame, parseServerFrame } from './sim-socket';
import {
  DEFAULT_SIM_BEHAVIOUR, type SimBehaviour, type SimDriver, type SimDriverOptions, type SimDriverSnapshot, type SimLogEntry,
} from './sim-types';
import { createTimerBag } from './timer-bag';

export {
  DEFAULT_SIM_BEHAVIOUR, type SimBehaviour, type SimDriver, type SimDriverOptions, type SimDriverSnapshot, type SimLogEntry,
};

type RideAction = 'ride.arrived' | 'ride.start' | 'ride.complete';

/** Creates a driver; nothing happens until `start()`. */
export function createSimDriver(options: SimDriverOptions): SimDriver {
  const behaviour: SimBehaviour = { ...DEFAULT_SIM_BEHAVIOUR, ...options.behaviour };
  const { random, name } = options;
  const now = options.now ?? defaultNow;
  const bag = createTimerBag(options.timers ?? defaultTimers);
  const backoff = createBackoff({ baseMs: behaviour.backoffBaseMs, capMs: behaviour.backoffCapMs, random });
  const log = (level: SimLogEntry['level'], event: string, detail?: Record<string, unknown>) =>
    options.onLog?.({ driver: name, level, event, detail });
  const between = ([min, max]: readonly [number, number]) => min + random() * (max - min);

  let status: SimDriverSnapshot['status'] = 'idle';
  let mode: SimDriverSnapshot['mode'] = 'cruising';
  let socket: SimSocket | null = null;
  let userId: string | null = null;
  let ride: Ride | null = null;
  let attempt = 0;
  let connections = 0;
  let heartbeatMs = 0;
  let watchdog: number | null = null;
  let pickupTimer: number | null = null;
  let refs = 0;
  /** Ride actions whose `ref` is still unanswered, so an `error` can be tied back to them. */
  const actionRefs = new Map<string, string>();
  /** Ride actions taken while disconnected, sent in order once back online. */
  let outbox: { type: RideAction; rideId: string }[] = [];

  const send = <T extends ClientFrameType>(frame: ClientFrame<T>): boolean => {
    if (!socket || socket.readyState !== SOCKET_OPEN) return false;
    try {
      socket.send(encodeClientFrame(frame));
      return true;
    } catch (err) {
      log('warn', 'send failed', { type: frame.type, error: String(err) });
      return false;
    }
  };
  const nextRef = (prefix: string) => `${prefix}-${++refs}`;

  const motion = createDriverMotion({
    graph: options.graph, random, now, timers: bag, start: options.start,
    intervalMs: behaviour.locationIntervalMs,
    onFix: (fix) => send<'location'>({ type: 'location', ...fix }),
  });

  const offers = createOfferDesk({
    timers: bag, random, now, behaviour,
    isBusy: () => ride !== null,
    answer: (type, offerId) => {
      const ref = nextRef(type === 'offer.accept' ? 'accept' : 'reject');
      if (!send({ type, offerId, ref })) return null;
      log('info', type, { offerId });
      return ref;
    },
  });

  const rideAction = (type: RideAction, rideId: string) => {
    const ref = nextRef(type);
    if (send({ type, rideId, ref })) actionRefs.set(ref, rideId);
    else outbox.push({ type, rideId });
    log('info', type, { rideId });
  };

  /** Ends the current ride. `abandoned`: the server ended it, so queued actions for it are moot. */
  const backToCruising = (why: string, abandoned: boolean) => {
    if (ride) {
      log('info', 'ride over', { rideId: ride.id, why });
      const endedId = ride.id;
      if (abandoned) outbox = outbox.filter((action) => action.rideId !== endedId);
    }
    ride = null;
    mode = 'cruising';
    bag.clear(pickupTimer);
    pickupTimer = null;
    motion.cruise();
  };

  const beginRide = (next: Ride) => {
    ride = next;
    mode = 'to_pickup';
    motion.driveTo(next.pickup, () => {
      mode = 'at_pickup';
      motion.park();
      rideAction('ride.arrived', next.id);
      pickupTimer = bag.set(() => {
        pickupTimer = null;
        mode = 'to_dropoff';
        rideAction('ride.start', next.id);
        motion.driveTo(next.dropoff, () => {
          rideAction('ride.complete', next.id);
          backToCruising('completed', false);
        }, true);
      }, between(behaviour.pickupWaitMs));
    }, true);
  };

  const onRide = (next: Ride) => {
    const mine = userId !== null && next.driverId === userId;
    if (ride && next.id === ride.id) {
      // Our own transitions come back as echoes; only an end we did not cause matters.
      if (!mine || next.status === 'cancelled' || next.status === 'expired') backToCruising(next.status, true);
      return;
    }
    if (!mine || next.status !== 'accepted') return;
    offers.settled(next.id);
    if (ride) {
      log('warn', 'second ride ignored', { rideId: next.id, current: ride.id });
      return;
    }
    beginRide(next);
  };

  const onFrame = (frame: ServerFrame) => {
    switch (frame.type) {
      case 'hello':
        userId = frame.user.id;
        attempt = 0; // a session that says hello works: the next failure starts from the base delay
        armWatchdog(frame.heartbeatMs);
        return;
      case 'ping':
        send({ type: 'pong' });
        return;
      case 'offer':
        offers.offered(frame.offerId, frame.ride.id, frame.expiresAt);
        return;
      case 'offer.closed':
        offers.closed(frame.offerId, frame.reason);
        return;
      case 'ride':
        onRide(frame.ride);
        return;
      case 'error': {
        const rideId = frame.ref === undefined ? undefined : actionRefs.get(frame.ref);
        if (frame.ref !== undefined) offers.failed(frame.ref);
        log('warn', 'server error', { code: frame.code, message: frame.message, ref: frame.ref });
        // The server disagrees about the ride's state (e.g. the rider cancelled meanwhile).
        if (rideId !== undefined && ride?.id === rideId) backToCruising(`error ${frame.code}`, true);
        return;
      }
      default:
        if (frame.type === 'ack' && typeof frame.ref === 'string') actionRefs.delete(frame.ref);
    }
  };

  /** Heartbeat: two silent intervals mean a dead connection (shared/API.md "Heartbeat"). */
  function armWatchdog(interval?: number): void {
    if (interval !== undefined) heartbeatMs = interval;
    bag.clear(watchdog);
    watchdog = heartbeatMs > 0 ? bag.set(() => drop('heartbeat timeout'), 2 * heartbeatMs) : null;
  }

  /** Detaches and closes the current socket, then schedules a reconnect. */
  function drop(reason: string): void {
    const dead = socket;
    detach();
    dead?.close(4000, reason);
    log('warn', 'disconnected', { reason });
    scheduleReconnect();
  }

  function detach(): void {
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    }
    socket = null;
    bag.clear(watchdog);
    watchdog = null;
    // The server re-sends open offers after `resume`; answering a stale copy later would be wrong.
    offers.clear();
    actionRefs.clear();
  }

  function scheduleReconnect(): void {
    status = 'waiting';
    bag.set(connect, backoff.delay(attempt++));
  }

  function connect(): void {
    status = 'connecting';
    let next: SimSocket;
    try {
      next = options.connect();
    } catch (err) {
      log('warn', 'connect failed', { error: String(err) });
      scheduleReconnect();
      return;
    }
    socket = next;
    connections++;
    next.onopen = () => {
      if (socket !== next) return;
      status = 'online';
      if (heartbeatMs > 0) armWatchdog();
      send({ type: 'resume', chat: {} });
      send({ type: 'driver.online', online: true });
      send<'location'>({ type: 'location', ...motion.fix() });
      const queued = outbox;
      outbox = [];
      for (const action of queued) rideAction(action.type, action.rideId);
      log('info', 'online', { reconnects: connections - 1 });
    };
    next.onmessage = (event) => {
      if (socket !== next) return;
      if (heartbeatMs > 0) armWatchdog();
      const frame = parseServerFrame(event.data);
      if (frame) onFrame(frame);
      else log('warn', 'unreadable frame');
    };
    next.onclose = () => {
      if (socket !== next) return;
      detach();
      log('warn', 'disconnected', { reason: 'closed' });
      scheduleReconnect();
    };
    next.onerror = () => {
      // A close event always follows; that is where reconnecting happens.
      if (socket === next) log('warn', 'socket error');
    };
  }

  return {
    name,
    start() {
      if (status !== 'idle') return;
      motion.start();
      connect();
    },
    stop() {
      if (status === 'stopped') return;
      status = 'stopped';
      send({ type: 'driver.online', online: false });
      const last = socket;
      detach();
      last?.close(1000, 'simulator stopped');
      motion.stop();
      bag.clearAll();
      pickupTimer = null;
    },
    snapshot() {
      return {
        name, status, mode, userId, rideId: ride?.id ?? null,
        position: motion.fix(), pendingOffers: offers.size, reconnects: Math.max(0, connections - 1),
      };
    },
  };
}
