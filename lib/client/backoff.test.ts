import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff';

describe('createBackoff', () => {
  it('doubles from 1 s and caps at 30 s when random is at its maximum', () => {
    const backoff = createBackoff({ random: () => 1 });
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) => backoff.delay(attempt));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('applies full jitter: the delay is random() times the ceiling', () => {
    expect(createBackoff({ random: () => 0.5 }).delay(3)).toBe(4000);
    expect(createBackoff({ random: () => 0 }).delay(3)).toBe(0);
    expect(createBackoff({ random: () => 0.25 }).delay(20)).toBe(7500);
  });

  it('stays within [0, cap] for any attempt, even huge ones', () => {
    const backoff = createBackoff();
    for (let attempt = 0; attempt < 2000; attempt += 7) {
      const delay = backoff.delay(attempt);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
    expect(createBackoff({ random: () => 1 }).delay(5000)).toBe(30_000);
  });

  it('honours custom base and cap and clamps a misbehaving random', () => {
    expect(createBackoff({ baseMs: 100, capMs: 250, random: () => 1 }).delay(2)).toBe(250);
    expect(createBackoff({ random: () => 7 }).delay(0)).toBe(1000);
    expect(createBackoff({ random: () => -1 }).delay(0)).toBe(0);
  });
});
