import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows a burst up to capacity, then answers the wait, then refills', () => {
    let clock = 0;
    const limiter = createRateLimiter({ capacity: 3, refillPerSecond: 1, now: () => clock });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1000);
    expect(limiter.take('b')).toBe(0);
    clock += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('prunes full buckets instead of growing without bound', () => {
    let clock = 0;
    const limiter = createRateLimiter({ capacity: 1, refillPerSecond: 1, now: () => clock, maxKeys: 10 });
    for (let i = 0; i < 10; i++) limiter.take(`k${i}`);
    clock += 5000;
    limiter.take('new');
    expect(limiter.size()).toBe(1);
  });
});
