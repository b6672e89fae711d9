import { describe, expect, it, vi } from 'vitest';
import { onAbort } from './on-abort';
import { trackAbortListeners } from './testing/track-listeners';

describe('onAbort', () => {
  it('fans out to many callbacks through one native listener, removed with the last callback', () => {
    const controller = new AbortController();
    const listeners = trackAbortListeners(controller.signal);
    let calls = 0;
    const removers = Array.from({ length: 10_000 }, () => onAbort(controller.signal, () => calls++));
    expect(listeners()).toBe(1);
    for (const remove of removers.slice(1)) remove();
    expect(listeners()).toBe(1);
    removers[0]?.();
    removers[0]?.();
    expect(listeners()).toBe(0);
    controller.abort();
    expect(calls).toBe(0);
  });

  it('calls every registered callback once on abort, even past one that throws', () => {
    const controller = new AbortController();
    const listeners = trackAbortListeners(controller.signal);
    const same = vi.fn();
    const other = vi.fn();
    onAbort(controller.signal, () => {
      throw new Error('bad callback');
    });
    onAbort(controller.signal, same);
    const removeSecond = onAbort(controller.signal, same);
    onAbort(controller.signal, other);
    controller.abort();
    controller.abort();
    expect(same).toHaveBeenCalledTimes(2);
    expect(other).toHaveBeenCalledTimes(1);
    removeSecond();
    expect(listeners()).toBe(0);
  });

  it('registers nothing on an aborted signal, and re-arms after the last removal', () => {
    const aborted = AbortSignal.abort();
    const cb = vi.fn();
    onAbort(aborted, cb)();
    expect(cb).not.toHaveBeenCalled();

    const controller = new AbortController();
    onAbort(controller.signal, vi.fn())();
    const later = vi.fn();
    onAbort(controller.signal, later);
    controller.abort();
    expect(later).toHaveBeenCalledTimes(1);
  });
});
