/**
 * Where each client goes: which worker process holds it (and its cookie) and which server
 * instance it signs in on and streams from. With several Curbside instances there are no
 * sticky sessions: client i streams from instance i mod N but signs in on instance
 * (i + 1) mod N, so every cookie is checked by an instance that did not sign it.
 */

/** The worker that holds client i (its cookie and its connection). */
export const workerOf = (client: number, workers: number): number => client % workers;

/** The instance client i streams from (SSE) or connects to (WebSocket). */
export const streamInstance = (client: number, instances: number): number => client % instances;

/** The instance client i signs in on: the next one (the same one when there is only one). */
export const signInInstance = (client: number, instances: number): number => (client + 1) % instances;

/**
 * Chat pair i: the rider is client i of the riders, the driver client i + 1 of the drivers, so
 * with two or more instances a pair's rider and driver are on different instances and every
 * message crosses the bus between them.
 */
export function chatInstances(pair: number, instances: number): { riderSignIn: number; riderStream: number; driverSignIn: number; driverStream: number } {
  return {
    riderSignIn: signInInstance(pair, instances),
    riderStream: streamInstance(pair, instances),
    driverSignIn: signInInstance(pair + 1, instances),
    driverStream: streamInstance(pair + 1, instances),
  };
}

/** The clients of `count` that worker w holds, in order (w, w + K, w + 2K, …). */
export function workerShare(count: number, workers: number, worker: number): number[] {
  const out: number[] = [];
  for (let i = worker; i < count; i += workers) out.push(i);
  return out;
}

/** How many of `total` connections the busiest of `processes` processes holds (round-robin). */
export const perProcess = (total: number, processes: number): number => Math.ceil(total / Math.max(1, processes));
