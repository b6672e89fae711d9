/** Redis chores of the harness: checking it answers, and removing a run's keys afterwards. */
import Redis from 'ioredis';

/** Throws `<why>: <url>: <error>` unless Redis at `url` answers PING within a few seconds. */
export async function checkRedis(url: string, why: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`${why}: ${url}: ${(error as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

/** Removes the run's keys (prefix unique to this run), in bounded batches. */
export async function dropKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}
