import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackoff } from './backoff';
import { createRetryTimer } from './retry-timer';
import { createFakeOnline } from './testing/fake-online';
import { defaultNow, defaultTimers } from './timers';

describe('createRetryTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setup = () => {
    const online = createFakeOnline();
    const onRetry = vi.fn();
    const retry = createRetryTimer({
      timers: defaultTimers, now: defaultNow, backoff: createBackoff({ random: () => 1 }),
      onRetry, onOnline: online.onOnline,
    });
    return { online, onRetry, retry };
  };

  it('fires once after the backoff delay and reports the due time', () => {
    const { onRetry, retry } = setup();
    expect(retry.schedule(2)).toBe(4000);
    vi.advanceTimersByTime(3999);
    expect(onRetry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(retry.isPending()).toBe(false);
  });

  it('is idempotent while pending: a second schedule keeps the first', () => {
    const { onRetry, retry } = setup();
    retry.schedule(0);
    expect(retry.schedule(5)).toBe(1000);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('ends a wait at once when the browser comes online, and ignores online when idle', () => {
    const { online, onRetry, retry } = setup();
    online.goOnline();
    expect(onRetry).not.toHaveBeenCalled();
    retry.schedule(4);
    online.goOnline();
    online.goOnline();
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancel and dispose clear the timer and the online listener', () => {
    const { online, onRetry, retry } = setup();
    retry.schedule(0);
    retry.cancel();
    expect(vi.getTimerCount()).toBe(0);
    retry.schedule(0);
    retry.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(online.listenerCount()).toBe(0);
    retry.schedule(0);
    vi.advanceTimersByTime(60_000);
    expect(onRetry).not.toHaveBeenCalled();
  });
});
