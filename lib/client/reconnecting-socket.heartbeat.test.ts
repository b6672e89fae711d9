import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSocketHarness } from './testing/socket-harness';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('heartbeat', () => {
  it('answers ping with pong and still hands the ping to onMessage', () => {
    const { kit, client, received } = createSocketHarness();
    client.start();
    kit.last().open();
    kit.last().message({ type: 'ping' });
    expect(kit.last().sent.map((frame) => frame.type)).toEqual(['resume', 'pong']);
    expect(received).toEqual([{ type: 'ping' }]);
  });

  it('takes connectionId and the interval from hello', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    kit.last().open();
    kit.last().message({ type: 'hello', user: { id: 'u1' }, connectionId: 'c-1', heartbeatMs: 1000 });
    expect(client.getState().connectionId).toBe('c-1');
    vi.advanceTimersByTime(1999);
    expect(client.getState().status).toBe('open');
    vi.advanceTimersByTime(1);
    expect(client.getState()).toMatchObject({ status: 'closed', closeReason: 'heartbeat timeout', connectionId: null });
  });

  it('treats 2 × 30 s of silence as a dead socket before hello: closes it and reconnects', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    kit.last().open();
    vi.advanceTimersByTime(59_999);
    expect(kit.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const dead = kit.instances[0]!;
    expect(dead.closeCalls).toEqual([{ code: 4000, reason: 'connection lost' }]);
    expect(client.getState()).toMatchObject({ status: 'closed', attempt: 1, nextRetryAt: 61_000 });
    vi.advanceTimersByTime(1000);
    expect(kit.instances).toHaveLength(2);
    expect(kit.live()).toEqual([kit.last()]);
  });

  it('counts every frame as life, including unreadable ones', () => {
    const { kit, client, errors } = createSocketHarness();
    client.start();
    kit.last().open();
    kit.last().message({ type: 'hello', connectionId: 'c', heartbeatMs: 1000 });
    vi.advanceTimersByTime(1500);
    kit.last().message({ type: 'ride', ride: {} });
    vi.advanceTimersByTime(1500);
    kit.last().message('not json');
    vi.advanceTimersByTime(1500);
    expect(client.getState().status).toBe('open');
    expect(errors.map((error) => error.code)).toEqual(['INVALID_FRAME']);
    vi.advanceTimersByTime(500);
    expect(client.getState().status).toBe('closed');
  });

  it('also times out a handshake that never completes', () => {
    const { kit, client } = createSocketHarness();
    client.start();
    vi.advanceTimersByTime(60_000);
    expect(client.getState()).toMatchObject({ status: 'closed', closeReason: 'heartbeat timeout' });
    expect(kit.instances[0]!.readyState).toBe(3);
  });
});
