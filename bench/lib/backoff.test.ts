import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(0, 500, 8000, top)).toBe(499);
    expect(backoffDelay(1, 500, 8000, top)).toBe(999);
    expect(backoffDelay(3, 500, 8000, top)).toBe(3999);
    expect(backoffDelay(10, 500, 8000, top)).toBe(7999);
    expect(backoffDelay(1e9, 500, 8000, top)).toBe(7999);
  });

  it('draws anywhere from zero (full jitter)', () => {
    expect(backoffDelay(5, 500, 8000, () => 0)).toBe(0);
  });
});
