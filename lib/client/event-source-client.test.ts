import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ClientError } from './errors';
import { type EventSourceClientOptions, createEventSourceClient } from './event-source-client';
import { createFakeEventSource } from './testing/fake-event-source';
import { createFakeOnline } from './testing/fake-online';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(overrides: Partial<EventSourceClientOptions> = {}) {
  const kit = createFakeEventSource();
  const online = createFakeOnline();
  const events: [string, unknown, string][] = [];
  const errors: ClientError[] = [];
  const client = createEventSourceClient({
    url: '/api/rides/r1/stream',
    events: ['ride', 'location'],
    onEvent: (type, data, id) => events.push([type, data, id]),
    onError: (error) => errors.push(error),
    EventSourceImpl: kit.EventSourceImpl,
    random: () => 1,
    onOnline: online.onOnline,
    ...overrides,
  });
  return { kit, online, client, events, errors };
}

describe('createEventSourceClient', () => {
  it('opens one stream on start and reports open', () => {
    const { kit, client } = setup();
    expect(client.getState()).toEqual({ status: 'closed', attempt: 0, nextRetryAt: null, lastEventId: null });
    client.start();
    client.start();
    expect(kit.instances).toHaveLength(1);
    expect(kit.last().url).toBe('/api/rides/r1/stream');
    expect(kit.last().withCredentials).toBe(false);
    expect(client.getState().status).toBe('connecting');
    kit.last().open();
    expect(client.getState().status).toBe('open');
  });

  it('delivers parsed named events with their id and tracks the last id', () => {
    const { kit, client, events } = setup();
    client.start();
    kit.last().open();
    kit.last().emit('ride', { id: 'r1', status: 'accepted' }, '7');
    kit.last().emit('location', { lat: 1, lng: 2 }, '8');
    kit.last().emit('surge', { full: true }, '9'); // not subscribed
    expect(events).toEqual([
      ['ride', { id: 'r1', status: 'accepted' }, '7'],
      ['location', { lat: 1, lng: 2 }, '8'],
    ]);
    expect(client.getState().lastEventId).toBe('8');
  });

  it('reports data that is not JSON instead of throwing, and stays open', () => {
    const { kit, client, events, errors } = setup();
    client.start();
    kit.last().open();
    expect(() => kit.last().emit('ride', '{oops', '3')).not.toThrow();
    expect(errors.map((error) => error.code)).toEqual(['INVALID_EVENT_DATA']);
    expect(errors[0]!.raw).toBe('{oops');
    expect(events).toEqual([]);
    expect(client.getState()).toMatchObject({ status: 'open', lastEventId: '3' });
  });

  it('lets the browser retry a network error itself: connecting, and no extra instance', () => {
    const { kit, client } = setup();
    client.start();
    kit.last().open();
    kit.last().networkError();
    expect(client.getState()).toMatchObject({ status: 'connecting', attempt: 0, nextRetryAt: null });
    vi.advanceTimersByTime(120_000);
    expect(kit.instances).toHaveLength(1);
    kit.last().open();
    expect(client.getState().status).toBe('open');
  });

  it('reopens a CLOSED stream with backoff and ?lastEventId=', () => {
    const { kit, client } = setup();
    client.start();
    kit.last().open();
    kit.last().emit('ride', { status: 'accepted' }, '41');
    kit.last().fail();
    expect(client.getState()).toEqual({ status: 'closed', attempt: 1, nextRetryAt: 1000, lastEventId: '41' });
    vi.advanceTimersByTime(999);
    expect(kit.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(kit.instances).toHaveLength(2);
    expect(kit.last().url).toBe('/api/rides/r1/stream?lastEventId=41');
    expect(client.getState()).toMatchObject({ status: 'connecting', nextRetryAt: null });
  });

  it('reopens without lastEventId when none was seen, and starts from an initial one', () => {
    const first = setup();
    first.client.start();
    first.kit.last().fail();
    vi.advanceTimersByTime(1000);
    expect(first.kit.last().url).toBe('/api/rides/r1/stream');
    const second = setup({ lastEventId: '5', url: '/api/surge/stream?x=1' });
    second.client.start();
    expect(second.kit.last().url).toBe('/api/surge/stream?x=1&lastEventId=5');
  });

  it('grows the backoff while opens fail fast and resets it after a stable open', () => {
    const { kit, client } = setup();
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      kit.last().open();
      vi.advanceTimersByTime(100);
      kit.last().fail();
      delays.push(client.getState().nextRetryAt! - Date.now());
      vi.advanceTimersByTime(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
    kit.last().open();
    vi.advanceTimersByTime(5000);
    expect(client.getState().attempt).toBe(0);
    kit.last().fail();
    expect(client.getState().nextRetryAt! - Date.now()).toBe(1000);
  });

  it('a network error during the stable window cancels the reset', () => {
    const { kit, client } = setup();
    client.start();
    kit.last().fail();
    vi.advanceTimersByTime(1000);
    kit.last().open();
    vi.advanceTimersByTime(4000);
    kit.last().networkError();
    vi.advanceTimersByTime(2000);
    expect(client.getState().attempt).toBe(1);
  });

  it('schedules one reopen for repeated errors, and online skips the wait once', () => {
    const { kit, client, online } = setup();
    client.start();
    const first = kit.last();
    const staleError = first.onerror;
    first.fail();
    staleError?.(new Event('error'));
    staleError?.(new Event('error'));
    expect(client.getState().attempt).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    online.goOnline();
    online.goOnline();
    expect(kit.instances).toHaveLength(2);
    vi.advanceTimersByTime(60_000);
    expect(kit.instances).toHaveLength(2);
    expect(kit.live()).toHaveLength(1);
  });

  it('ignores a stale source after a reopen', () => {
    const { kit, client, events } = setup();
    client.start();
    const old = kit.last();
    old.open();
    const staleOpen = old.onopen;
    const staleError = old.onerror;
    old.fail();
    vi.advanceTimersByTime(1000);
    expect(old.listenerCount()).toBe(0);
    const snapshot = client.getState();
    old.emit('ride', { stale: true }, '99');
    staleOpen?.(new Event('open'));
    staleError?.(new Event('error'));
    expect(client.getState()).toBe(snapshot);
    expect(events).toEqual([]);
    expect(kit.instances).toHaveLength(2);
  });

  it('backs off when the constructor throws', () => {
    const kit = createFakeEventSource();
    let fail = true;
    class Throwing extends kit.EventSourceImpl {
      constructor(url: string, init?: EventSourceInit) {
        if (fail) throw new SyntaxError('bad url');
        super(url, init);
      }
    }
    const { client } = setup({ EventSourceImpl: Throwing });
    client.start();
    expect(client.getState()).toMatchObject({ status: 'closed', attempt: 1 });
    fail = false;
    vi.advanceTimersByTime(1000);
    expect(kit.instances).toHaveLength(1);
  });

  it('close() clears the source, its listeners, every timer and the online listener', () => {
    const { kit, client, online } = setup();
    const listener = vi.fn();
    client.subscribe(listener);
    client.start();
    kit.last().open();
    expect(vi.getTimerCount()).toBe(1);
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(kit.last().readyState).toBe(2);
    expect(kit.last().listenerCount()).toBe(0);
    expect([kit.last().onopen, kit.last().onerror]).toEqual([null, null]);
    expect(online.listenerCount()).toBe(0);
    expect(client.getState()).toMatchObject({ status: 'closed', nextRetryAt: null });
    listener.mockClear();
    online.goOnline();
    client.start();
    expect(kit.instances).toHaveLength(1);
    expect(listener).not.toHaveBeenCalled();
  });

  it('close() while waiting cancels the reopen', () => {
    const { kit, client } = setup();
    client.start();
    kit.last().fail();
    client.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(kit.instances).toHaveLength(1);
  });
});
