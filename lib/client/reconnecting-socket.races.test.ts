import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeCloseEvent, type FakeWebSocket } from './testing/fake-websocket';
import { createSocketHarness } from './testing/socket-harness';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs `step` and asserts the core invariant right after it: at most one socket not closed. */
function checked(harness: ReturnType<typeof createSocketHarness>, step: () => void): void {
  step();
  expect(harness.kit.live().length).toBeLessThanOrEqual(1);
  expect(harness.kit.peakLive()).toBeLessThanOrEqual(1);
}

/** A copy of the socket's current callbacks, as a browser task queued before detaching would hold. */
function captureHandlers(socket: FakeWebSocket) {
  return { onopen: socket.onopen, onmessage: socket.onmessage, onclose: socket.onclose, onerror: socket.onerror };
}

describe('the doubling bug: never two live sockets, never two retries', () => {
  it('error then close from the same socket schedules one retry', () => {
    const h = createSocketHarness();
    h.client.start();
    checked(h, () => h.kit.last().open());
    checked(h, () => { h.kit.last().error(); h.kit.last().serverClose(1006); });
    expect(h.client.getState().attempt).toBe(1);
    // One retry timer only (no socket is live, so no heartbeat watchdog either).
    expect(vi.getTimerCount()).toBe(1);
    checked(h, () => vi.advanceTimersByTime(30_000));
    expect(h.kit.instances).toHaveLength(2);
  });

  it('close twice, and close then error, still reconnect once', () => {
    const h = createSocketHarness();
    h.client.start();
    const first = h.kit.last();
    const stale = captureHandlers(first);
    checked(h, () => first.serverClose(1012, 'service restart'));
    checked(h, () => {
      stale.onclose?.(new FakeCloseEvent(1006, '', false));
      stale.onerror?.(new Event('error'));
    });
    expect(h.client.getState().attempt).toBe(1);
    checked(h, () => vi.advanceTimersByTime(60_000));
    expect(h.kit.instances).toHaveLength(2);
  });

  it('close + error + online + heartbeat timeout arriving together open exactly one new socket', () => {
    const h = createSocketHarness();
    h.client.start();
    checked(h, () => h.kit.last().open());
    const first = h.kit.last();
    const stale = captureHandlers(first);
    checked(h, () => {
      vi.advanceTimersByTime(60_000); // heartbeat timeout: the client closes it
      stale.onclose?.(new FakeCloseEvent(1006, '', false));
      stale.onerror?.(new Event('error'));
      h.online.goOnline(); // skips the wait: socket #2
      h.online.goOnline(); // already connecting: ignored
      stale.onclose?.(new FakeCloseEvent(1006, '', false));
    });
    expect(h.kit.instances).toHaveLength(2);
    expect(h.client.getState()).toMatchObject({ status: 'connecting', attempt: 1, nextRetryAt: null });
    // The cancelled retry and the old watchdog must not open a third socket later.
    checked(h, () => vi.advanceTimersByTime(1000));
    expect(h.kit.instances).toHaveLength(2);
    checked(h, () => h.kit.last().open());
    checked(h, () => vi.advanceTimersByTime(30_000));
    expect(h.kit.instances).toHaveLength(2);
  });

  it('a storm of failures over many cycles creates exactly one socket per retry', () => {
    const h = createSocketHarness();
    h.client.start();
    for (let cycle = 0; cycle < 20; cycle += 1) {
      const socket = h.kit.last();
      const stale = captureHandlers(socket);
      checked(h, () => {
        if (cycle % 2 === 0) socket.open();
        socket.error();
        stale.onclose?.(new FakeCloseEvent(1006, '', false));
        socket.serverClose(1006);
        stale.onerror?.(new Event('error'));
      });
      if (cycle % 3 === 0) checked(h, () => { h.online.goOnline(); h.online.goOnline(); });
      else checked(h, () => vi.advanceTimersByTime(30_000));
    }
    expect(h.kit.instances).toHaveLength(21);
    expect(h.kit.peakLive()).toBe(1);
  });

  it('the old socket is closed before the new one is constructed', () => {
    const h = createSocketHarness();
    h.client.start();
    h.kit.last().open();
    vi.advanceTimersByTime(60_000);
    vi.advanceTimersByTime(1000);
    expect(h.kit.instances[0]!.readyState).toBe(3);
    expect(h.kit.peakLive()).toBe(1);
  });
});

describe('stale callbacks', () => {
  it('after a reconnect, the old socket\'s open/message/close/error change nothing', () => {
    const h = createSocketHarness();
    h.client.start();
    const old = h.kit.last();
    old.open();
    old.message({ type: 'hello', connectionId: 'old', heartbeatMs: 30_000 });
    const stale = captureHandlers(old);
    old.serverClose(1012, 'service restart');
    vi.advanceTimersByTime(1000);
    const fresh = h.kit.last();
    fresh.open();
    fresh.message({ type: 'hello', connectionId: 'new', heartbeatMs: 30_000 });
    const snapshot = h.client.getState();
    const received = h.received.length;
    const timers = vi.getTimerCount();

    stale.onmessage?.(new MessageEvent('message', { data: '{"type":"hello","connectionId":"old","heartbeatMs":10}' }));
    stale.onmessage?.(new MessageEvent('message', { data: '{"type":"ping"}' }));
    stale.onopen?.(new Event('open'));
    stale.onclose?.(new FakeCloseEvent(1006, '', false));
    stale.onerror?.(new Event('error'));

    expect(h.client.getState()).toBe(snapshot);
    expect(h.client.getState()).toMatchObject({ status: 'open', connectionId: 'new' });
    expect(h.received).toHaveLength(received);
    expect(old.sent.map((frame) => frame.type)).toEqual(['resume']);
    expect(fresh.sent.map((frame) => frame.type)).toEqual(['resume']);
    expect(vi.getTimerCount()).toBe(timers);
    // The stale hello's 10 ms heartbeat must not have shortened the watchdog.
    vi.advanceTimersByTime(59_999);
    expect(h.client.getState().status).toBe('open');
  });

  it('detaches the old socket\'s handlers so the browser cannot even deliver them', () => {
    const h = createSocketHarness();
    h.client.start();
    const old = h.kit.last();
    old.serverClose(1006);
    expect([old.onopen, old.onmessage, old.onclose, old.onerror]).toEqual([null, null, null, null]);
  });
});
