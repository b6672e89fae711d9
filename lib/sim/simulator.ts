/**
 * A fleet of simulated drivers with staggered start-up, so a server restart with
 * `SIM_DRIVERS=50` does not see fifty sockets and fifty `driver.online` frames in the same
 * millisecond.
 *
 * Wiring it into the server (sketch; the server owns sessions, URLs and shutdown):
 *
 * ```ts
 * import WebSocket from 'ws';
 * import { readFileSync } from 'node:fs';
 * import { createRoadGraph } from '@/lib/city/road-graph';
 * import { SESSION_COOKIE } from '@/lib/protocol/session';
 * import { createSimDriver, createSimulator } from '@/lib/sim';
 *
 * const graph = createRoadGraph(JSON.parse(readFileSync('public/city/roads.json', 'utf8')));
 * // `connect` must return a socket synchronously, so sign the sessions first.
 * const cookies = await Promise.all(Array.from({ length: config.SIM_DRIVERS }, async (_, i) =>
 *   `${SESSION_COOKIE}=${(await sessions.signIn('driver', `Sim driver ${i + 1}`)).token}`));
 * const simulator = createSimulator({
 *   count: cookies.length,
 *   createDriver: (i) => createSimDriver({
 *     name: `Sim driver ${i + 1}`, graph, random: Math.random,
 *     connect: () => new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { cookie: cookies[i] } }),
 *     onLog: (entry) => logger.debug(entry, 'sim'),
 *   }),
 * });
 * simulator.start();   // once the server listens
 * simulator.stop();    // first thing on shutdown, before closing the WebSocket server
 * ```
 *
 * `connect` runs on every reconnect: if sessions can expire during a run, have it read a
 * cookie that something re-signs. No `Origin` header is needed (the upgrade check only
 * rejects a foreign one). Each driver is a separate user; it learns its id from `hello`.
 */
import { type Timers, defaultTimers } from '@/lib/client/timers';
import { type SimDriver } from './sim-driver';

/** Options for {@link createSimulator}. */
export interface SimulatorOptions {
  /** Number of drivers. */
  count: number;
  /** Builds driver `index` (0-based); called once per driver, when its start time comes. */
  createDriver: (index: number) => SimDriver;
  /** Gap between two start-ups, ms. Default 250. */
  staggerMs?: number;
  timers?: Timers;
}

/** A running (or stoppable) fleet. */
export interface Simulator {
  /** Starts the drivers one by one, `staggerMs` apart. Calling it again does nothing. */
  start(): void;
  /** Stops every started driver and cancels the ones not yet started. */
  stop(): void;
  /** The drivers started so far. */
  drivers(): readonly SimDriver[];
}

export function createSimulator(options: SimulatorOptions): Simulator {
  const timers = options.timers ?? defaultTimers;
  const stagger = options.staggerMs ?? 250;
  const started: SimDriver[] = [];
  let timer: unknown = null;
  let state: 'idle' | 'running' | 'stopped' = 'idle';

  const startNext = () => {
    timer = null;
    if (state !== 'running' || started.length >= options.count) return;
    const driver = options.createDriver(started.length);
    started.push(driver);
    driver.start();
    if (started.length < options.count) timer = timers.setTimeout(startNext, stagger);
  };

  return {
    start() {
      if (state !== 'idle') return;
      state = 'running';
      startNext();
    },
    stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      for (const driver of started) driver.stop();
    },
    drivers: () => started,
  };
}
