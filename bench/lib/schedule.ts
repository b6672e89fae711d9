/**
 * The publish schedule shared by every target: `rounds` rounds, one every `intervalMs`; in each
 * round every topic gets one event. Topic i is offset by i/n of the interval, so n topics at one
 * event a second are n evenly spread publishes a second, not a burst of n once a second.
 */

export interface ScheduleOptions {
  topics: number;
  intervalMs: number;
  rounds: number;
}

/** Where the schedule stands: the next publish is `topic` in `round` (0-based). */
export interface ScheduleCursor {
  round: number;
  topic: number;
}

/** When publish (round, topic) is due, in ms after the start. */
export const dueAt = (options: ScheduleOptions, round: number, topic: number): number =>
  round * options.intervalMs + (topic * options.intervalMs) / options.topics;

/** The publishes due by `elapsedMs`, advancing `cursor`; calls `publish(topic, seq)` with seq = round + 1. */
export function takeDue(options: ScheduleOptions, cursor: ScheduleCursor, elapsedMs: number, publish: (topic: number, seq: number) => void): number {
  let count = 0;
  while (cursor.round < options.rounds && dueAt(options, cursor.round, cursor.topic) <= elapsedMs) {
    publish(cursor.topic, cursor.round + 1);
    count++;
    cursor.topic++;
    if (cursor.topic === options.topics) {
      cursor.topic = 0;
      cursor.round++;
    }
  }
  return count;
}

export const isDone = (options: ScheduleOptions, cursor: ScheduleCursor): boolean => cursor.round >= options.rounds;

export interface ScheduleResult {
  published: number;
  failed: number;
  durationMs: number;
  /** How far behind its due time the slowest publish ran (the publisher's own event loop lag). */
  maxLagMs: number;
}

/**
 * Runs the schedule on a short timer. `publish` may return a promise; a rejection counts as
 * failed. Resolves after the last publish (and its promise) settles, or soon after `signal` aborts.
 */
export function runSchedule(
  options: ScheduleOptions,
  publish: (topic: number, seq: number) => void | Promise<unknown>,
  tickMs = 5,
  /** Stops the schedule early (the rounds already published stand). */
  signal?: AbortSignal,
): Promise<ScheduleResult> {
  if (options.topics <= 0 || options.rounds <= 0) return Promise.resolve({ published: 0, failed: 0, durationMs: 0, maxLagMs: 0 });
  const cursor: ScheduleCursor = { round: 0, topic: 0 };
  const started = performance.now();
  const pending = new Set<Promise<unknown>>();
  let published = 0; // attempted; failures are subtracted at the end
  let failed = 0;
  let maxLagMs = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      takeDue(options, cursor, elapsed, (topic, seq) => {
        maxLagMs = Math.max(maxLagMs, elapsed - dueAt(options, seq - 1, topic));
        published++;
        try {
          const result = publish(topic, seq);
          if (result instanceof Promise) {
            const settled = result.catch(() => void failed++).finally(() => pending.delete(settled));
            pending.add(settled);
          }
        } catch {
          failed++;
        }
      });
      if (!isDone(options, cursor) && !signal?.aborted) return void setTimeout(tick, tickMs);
      void Promise.all([...pending]).then(() => resolve({ published: published - failed, failed, durationMs: performance.now() - started, maxLagMs }));
    };
    tick();
  });
}
