import { describe, expect, it } from 'vitest';
import { sleep } from './clock';
import { mapPool, withTimeout } from './pool';

describe('mapPool', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapPool([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await sleep(n);
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('handles an empty list', async () => {
    expect(await mapPool([], 4, async () => 1)).toEqual([]);
  });
});

describe('withTimeout', () => {
  it('passes a value through or rejects late ones', async () => {
    await expect(withTimeout(Promise.resolve(1), 50, 'late')).resolves.toBe(1);
    await expect(withTimeout(sleep(100), 10, 'late')).rejects.toThrow('late');
  });
});
