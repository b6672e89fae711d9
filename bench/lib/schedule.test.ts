import { describe, expect, it } from 'vitest';
import { dueAt, isDone, runSchedule, takeDue, type ScheduleCursor } from './schedule';

describe('publish schedule', () => {
  const options = { topics: 4, intervalMs: 1000, rounds: 2 };

  it('spreads the topics of a round evenly over the interval', () => {
    expect([0, 1, 2, 3].map((topic) => dueAt(options, 0, topic))).toEqual([0, 250, 500, 750]);
    expect(dueAt(options, 1, 2)).toBe(1500);
  });

  it('hands out each publish once, in order, with seq = round + 1, and stops after the last round', () => {
    const cursor: ScheduleCursor = { round: 0, topic: 0 };
    const seen: string[] = [];
    const publish = (topic: number, seq: number) => void seen.push(`${topic}:${seq}`);
    expect(takeDue(options, cursor, 600, publish)).toBe(3);
    expect(takeDue(options, cursor, 600, publish)).toBe(0);
    expect(takeDue(options, cursor, 99_999, publish)).toBe(5);
    expect(seen).toEqual(['0:1', '1:1', '2:1', '3:1', '0:2', '1:2', '2:2', '3:2']);
    expect(isDone(options, cursor)).toBe(true);
  });

  it('runs to the end and counts rejected publishes as failed', async () => {
    const result = await runSchedule({ topics: 3, intervalMs: 20, rounds: 2 }, (topic) => (topic === 1 ? Promise.reject(new Error('x')) : undefined), 1);
    expect(result).toMatchObject({ published: 4, failed: 2 });
  });

  it('stops early when its signal aborts', async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 30);
    const result = await runSchedule({ topics: 1, intervalMs: 10, rounds: 1_000_000 }, () => undefined, 1, stop.signal);
    expect(result.published).toBeGreaterThan(0);
    expect(result.published).toBeLessThan(100);
  });

  it('does nothing for an empty schedule', async () => {
    expect((await runSchedule({ topics: 0, intervalMs: 10, rounds: 5 }, () => undefined)).published).toBe(0);
  });
});
