import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat } from './heartbeat';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createHeartbeat', () => {
  it('runs one interval for all streams, only while one is registered', () => {
    vi.useFakeTimers();
    const heartbeat = createHeartbeat(1000);
    expect(vi.getTimerCount()).toBe(0);

    const a = vi.fn();
    const b = vi.fn();
    const removeA = heartbeat.add(a);
    const removeB = heartbeat.add(b);
    expect(heartbeat.size()).toBe(2);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(999);
    expect(a).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);

    removeA();
    removeA(); // idempotent: must not remove b
    expect(heartbeat.size()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);

    removeB();
    expect(heartbeat.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    heartbeat.add(a);
    expect(vi.getTimerCount()).toBe(1);
    heartbeat.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(heartbeat.size()).toBe(0);
    heartbeat.add(a)();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('registers the same function twice as two registrations', () => {
    vi.useFakeTimers();
    const heartbeat = createHeartbeat(10);
    const tick = vi.fn();
    const first = heartbeat.add(tick);
    heartbeat.add(tick);
    first();
    vi.advanceTimersByTime(10);
    expect(tick).toHaveBeenCalledTimes(1);
    heartbeat.close();
  });

  it('keeps ticking the others when one tick throws or removes itself', () => {
    vi.useFakeTimers();
    const heartbeat = createHeartbeat(10);
    const after = vi.fn();
    heartbeat.add(() => {
      throw new Error('broken stream');
    });
    const removeSelf: () => void = heartbeat.add(() => removeSelf());
    heartbeat.add(after);
    vi.advanceTimersByTime(10);
    expect(after).toHaveBeenCalledTimes(1);
    expect(heartbeat.size()).toBe(2);
    heartbeat.close();
  });

  it('unrefs its timer so it never keeps the process alive', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const heartbeat = createHeartbeat(60_000);
    const remove = heartbeat.add(() => {});
    const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    remove();
  });

  it('rejects a bad interval', () => {
    expect(() => createHeartbeat(0)).toThrow(RangeError);
    expect(() => createHeartbeat(Number.NaN)).toThrow(RangeError);
  });
});
