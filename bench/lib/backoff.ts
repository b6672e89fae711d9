/**
 * Full-jitter exponential backoff (the "Exponential Backoff And Jitter" AWS architecture
 * note): the n-th retry waits a uniform random time in [0, min(cap, base·2ⁿ)], so a crowd of
 * clients dropped at once spreads its reconnects instead of arriving in waves.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.floor(random() * ceiling);
}
