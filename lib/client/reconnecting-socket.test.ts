import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReconnectingSocket } from './reconnecting-socket';
import { createFakeWebSocket } from './testing/fake-websocket';
import { createSocketHarness } from './testing/socket-harness';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('connect and open', () => {
  it('is idle and closed until start(), then connecting with one socket', () => {
    const { kit, client } = createSocketHarness();
    expect(client.getState()).toEqual({
      status: 'closed', attempt: 0, nextRetryAt: null, closeReason: null, connectionId: null,
    });
    expect(kit.instances).toHaveLength(0);
    client.start();
    client.start();
    expect(kit.instances).toHaveLength(1);
    expect(kit.last().url).toBe('ws://test.local/ws');
    expect(client.getState().status).toBe('connecting');
  });

  it('sends resume first, then the outbox in order, then sends directly', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    expect(client.send({ type: 'location', lat: 1, lng: 2 })).toBe('queued');
    expect(client.send({ type: 'chat.send', rideId: 'r1', clientId: 'c1', body: 'hi' })).toBe('queued');
    kit.last().open();
    expect(client.getState().status).toBe('open');
    expect(kit.last().sent.map((frame) => frame.type)).toEqual(['resume', 'location', 'chat.send']);
    expect(kit.last().sent[0]).toEqual({ type: 'resume', chat: { r1: 1 } });
    expect(client.send({ type: 'driver.online', online: true })).toBe('sent');
    expect(kit.last().sent.at(-1)).toEqual({ type: 'driver.online', online: true });
  });

  it('reads a function url on every connect and asks getResume afresh on every open', () => {
    let n = 0;
    const { kit, client } = createSocketHarness({ url: () => `ws://test.local/ws?n=${++n}` });
    client.start();
    kit.last().open();
    kit.last().serverClose(1012, 'service restart');
    vi.advanceTimersByTime(1000);
    kit.last().open();
    expect(kit.instances.map((socket) => socket.url)).toEqual(['ws://test.local/ws?n=1', 'ws://test.local/ws?n=2']);
    expect(kit.last().sent[0]).toEqual({ type: 'resume', chat: { r1: 2 } });
  });

  it('keeps the outbox bounded by dropping the oldest frame and reporting it', () => {
    const { kit, client, errors } = createSocketHarness({ maxOutbox: 2 });
    client.start();
    for (const n of [1, 2, 3]) client.send({ type: 'location', n });
    expect(errors.map((error) => error.code)).toEqual(['OUTBOX_OVERFLOW']);
    kit.last().open();
    expect(kit.last().sent.map((frame) => frame.n)).toEqual([undefined, 2, 3]);
  });

  it('does not let a resume body rename the resume frame', () => {
    const { kit, client } = createSocketHarness({ getResume: () => ({ type: 'evil', chat: {} }) });
    client.start();
    kit.last().open();
    expect(kit.last().sent[0]).toEqual({ type: 'resume', chat: {} });
  });

  it('uses globalThis.WebSocket by default and throws UNSUPPORTED without one', () => {
    const kit = createFakeWebSocket();
    vi.stubGlobal('WebSocket', kit.WebSocketImpl);
    createReconnectingSocket({ url: 'ws://x/ws', onOnline: () => () => {} }).start();
    expect(kit.instances).toHaveLength(1);
    vi.stubGlobal('WebSocket', undefined);
    expect(() => createReconnectingSocket({ url: 'ws://x/ws' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    vi.unstubAllGlobals();
  });
});

describe('close and backoff', () => {
  it('reports the close code and reason and retries after the full-jitter delay', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    kit.last().open();
    kit.last().serverClose(1012, 'service restart');
    expect(client.getState()).toEqual({
      status: 'closed', attempt: 1, nextRetryAt: 1000, closeReason: '1012 service restart', connectionId: null,
    });
    vi.advanceTimersByTime(999);
    expect(kit.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(kit.instances).toHaveLength(2);
    expect(client.getState()).toMatchObject({ status: 'connecting', nextRetryAt: null, closeReason: '1012 service restart' });
    kit.last().open();
    expect(client.getState()).toMatchObject({ status: 'open', closeReason: null, attempt: 1 });
  });

  it('grows 1000, 2000, 4000 … capped at 30000 while connections keep failing', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      kit.last().error();
      kit.last().serverClose(1006);
      const { nextRetryAt } = client.getState();
      delays.push((nextRetryAt ?? NaN) - Date.now());
      vi.advanceTimersByTime(nextRetryAt! - Date.now());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(kit.instances).toHaveLength(9);
    expect(client.getState().attempt).toBe(8);
  });

  it('spreads delays with the injected random (full jitter)', () => {
    const { kit, client } = createSocketHarness({ random: () => 0.5 });
    client.start();
    kit.last().serverClose(1006);
    expect(client.getState().nextRetryAt).toBe(500);
    vi.advanceTimersByTime(500);
    kit.last().serverClose(1006);
    expect(client.getState().nextRetryAt).toBe(500 + 1000);
  });

  it('keeps growing when a socket opens and dies before stableAfterMs', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      kit.last().open();
      vi.advanceTimersByTime(4999);
      kit.last().serverClose(1011, 'flapping');
      delays.push(client.getState().nextRetryAt! - Date.now());
      vi.advanceTimersByTime(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
  });

  it('resets the backoff only after the socket stayed open stableAfterMs', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    for (let i = 0; i < 3; i += 1) {
      kit.last().serverClose(1006);
      vi.advanceTimersByTime(client.getState().nextRetryAt! - Date.now());
    }
    kit.last().open();
    expect(client.getState().attempt).toBe(3);
    vi.advanceTimersByTime(5000);
    expect(client.getState().attempt).toBe(0);
    kit.last().serverClose(1001, 'going away');
    expect(client.getState()).toMatchObject({ attempt: 1, nextRetryAt: Date.now() + 1000 });
  });

  it('just backs off on 4401 and on a synchronous constructor failure', () => {
    let fail = true;
    const kit = createFakeWebSocket();
    class Throwing extends kit.WebSocketImpl {
      constructor(url: string) {
        if (fail) throw new SyntaxError('bad url');
        super(url);
      }
    }
    const { client } = createSocketHarness({ WebSocketImpl: Throwing });
    client.start();
    expect(client.getState()).toMatchObject({ status: 'closed', attempt: 1, closeReason: 'bad url', nextRetryAt: 1000 });
    fail = false;
    vi.advanceTimersByTime(1000);
    expect(kit.instances).toHaveLength(1);
    kit.last().serverClose(4401, 'unauthorized');
    expect(client.getState()).toMatchObject({ status: 'closed', attempt: 2, closeReason: '4401 unauthorized' });
  });

  it('skips the wait when the browser comes back online, and ignores online when connected', () => {
    const { kit, client, online } = createSocketHarness();
    client.start();
    online.goOnline();
    expect(kit.instances).toHaveLength(1);
    kit.last().serverClose(1006);
    vi.advanceTimersByTime(1000);
    kit.last().serverClose(1006);
    expect(client.getState().nextRetryAt).toBe(1000 + 2000);
    online.goOnline();
    expect(kit.instances).toHaveLength(3);
    expect(client.getState()).toMatchObject({ status: 'connecting', nextRetryAt: null, attempt: 2 });
    // The cancelled retry timer must not fire later and open a fourth socket.
    vi.advanceTimersByTime(2000);
    expect(kit.instances).toHaveLength(3);
    kit.last().open();
    online.goOnline();
    expect(kit.instances).toHaveLength(3);
  });
});

describe('close()', () => {
  it('stops everything: socket, timers, online listener, state listeners', () => {
    const { kit, client, online } = createSocketHarness();
    const listener = vi.fn();
    client.subscribe(listener);
    client.start();
    kit.last().open();
    client.send({ type: 'location' });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(online.listenerCount()).toBe(0);
    expect(kit.last().closeCalls).toEqual([{ code: 1000, reason: 'client closed' }]);
    expect(kit.live()).toHaveLength(0);
    expect(client.getState()).toMatchObject({ status: 'closed', closeReason: 'client closed', nextRetryAt: null });
    listener.mockClear();
    expect(client.send({ type: 'location' })).toBe('dropped');
    online.goOnline();
    vi.advanceTimersByTime(120_000);
    client.start();
    expect(kit.instances).toHaveLength(1);
    expect(listener).not.toHaveBeenCalled();
  });

  it('cancels a pending retry', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    kit.last().serverClose(1006);
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(kit.instances).toHaveLength(1);
  });

  it('before start() creates nothing and leaves no timers', () => {
    const { kit, client, online } = createSocketHarness();
    client.close();
    client.start();
    expect(kit.instances).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(online.listenerCount()).toBe(0);
  });
});

describe('state snapshots', () => {
  it('are frozen, replaced on change, kept when nothing changed; subscribe returns its unsubscribe', () => {
    const { kit, client } = createSocketHarness();
    const listener = vi.fn();
    const unsubscribe = client.subscribe(listener);
    const before = client.getState();
    expect(Object.isFrozen(before)).toBe(true);
    client.start();
    expect(client.getState()).not.toBe(before);
    expect(listener).toHaveBeenCalledTimes(1);
    const connecting = client.getState();
    kit.last().message({ type: 'chat', seq: 1 });
    expect(client.getState()).toBe(connecting);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
    kit.last().open();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
