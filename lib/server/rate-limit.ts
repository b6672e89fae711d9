/**
 * Token buckets keyed by a string (user, connection, address). Refill is computed lazily on
 * each take, so there is no timer per key; idle full buckets are pruned when the map grows.
 */
export interface RateLimiter {
  /** Takes one token. Returns 0 when allowed, else the milliseconds until a token is available. */
  take(key: string): number;
  delete(key: string): void;
  size(): number;
}

export function createRateLimiter(options: { capacity: number; refillPerSecond: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const { capacity, refillPerSecond, now = Date.now, maxKeys = 100_000 } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const prune = (at: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond >= capacity) buckets.delete(key);
    }
  };

  return {
    take(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(at);
        bucket = { tokens: capacity, at };
        buckets.set(key, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * refillPerSecond);
      bucket.at = at;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / refillPerSecond) * 1000);
    },
    delete: (key) => void buckets.delete(key),
    size: () => buckets.size,
  };
}
