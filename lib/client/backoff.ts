/**
 * Full-jitter exponential backoff ("Exponential Backoff and Jitter", AWS Architecture Blog):
 * the delay is uniform in [0, min(cap, base * 2^attempt)]. Full jitter spreads a crowd of
 * clients that lost the same server, so a restart is not followed by a synchronized stampede.
 */

/** Options for {@link createBackoff}. */
export interface BackoffOptions {
  /** Delay ceiling for attempt 0, in ms. Default 1000. */
  baseMs?: number;
  /** Upper bound of any delay, in ms. Default 30000. */
  capMs?: number;
  /** Source of uniform numbers in [0, 1]; injectable so tests can assert exact delays. */
  random?: () => number;
}

/** Computes reconnect delays; holds no attempt counter (the caller owns that state). */
export interface Backoff {
  /** Delay in ms before retry number `attempt` (0-based). */
  delay(attempt: number): number;
}

/** Default first-retry ceiling. */
export const DEFAULT_BACKOFF_BASE_MS = 1000;
/** Default ceiling of every delay. */
export const DEFAULT_BACKOFF_CAP_MS = 30_000;

/** Creates a full-jitter backoff: `delay(n) = random() * min(capMs, baseMs * 2^n)`. */
export function createBackoff(options: BackoffOptions = {}): Backoff {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const capMs = options.capMs ?? DEFAULT_BACKOFF_CAP_MS;
  const random = options.random ?? Math.random;
  return {
    delay(attempt) {
      // 2 ** n overflows to Infinity for huge n; Math.min still yields capMs, so no clamp of n.
      const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
      // Clamp in case an injected random strays outside [0, 1].
      const r = Math.min(1, Math.max(0, random()));
      return Math.round(r * ceiling);
    },
  };
}
