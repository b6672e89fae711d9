import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StrictMode, createElement } from 'react';
import { type ServerFrame } from '@/lib/client/frames';
import { createFakeOnline } from '@/lib/client/testing/fake-online';
import { createFakeWebSocket } from '@/lib/client/testing/fake-websocket';
import { type NullDomRoot, createNullDomRoot, removeNullDom } from './testing/null-dom-root';
import {
  type UseReconnectingSocketOptions, type UseReconnectingSocketResult, useReconnectingSocket,
} from './use-reconnecting-socket';

let root: NullDomRoot;
beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  root = createNullDomRoot();
});
afterEach(() => {
  removeNullDom();
  vi.useRealTimers();
});

function harness() {
  const kit = createFakeWebSocket();
  const online = createFakeOnline();
  const results: UseReconnectingSocketResult[] = [];
  function Probe(props: Partial<UseReconnectingSocketOptions>) {
    results.push(useReconnectingSocket({
      url: '/ws', WebSocketImpl: kit.WebSocketImpl, onOnline: online.onOnline, random: () => 1, ...props,
    }));
    return null;
  }
  const render = (props: Partial<UseReconnectingSocketOptions> = {}) =>
    root.render(createElement(StrictMode, null, createElement(Probe, props)));
  return { kit, online, results, render, last: () => results.at(-1)! };
}

describe('useReconnectingSocket', () => {
  it('opens exactly one live socket under StrictMode, at ws://<host>/ws', async () => {
    const h = harness();
    await h.render();
    // StrictMode ran the effect twice: the first socket was closed before the second was made.
    expect(h.kit.instances).toHaveLength(2);
    expect(h.kit.instances[0]!.readyState).toBe(3);
    expect(h.kit.peakLive()).toBe(1);
    expect(h.kit.live()).toHaveLength(1);
    expect(h.kit.last().url).toBe('ws://test.local:3000/ws');
    expect(h.last().state.status).toBe('connecting');
    await root.act(() => h.kit.last().open());
    expect(h.last().state.status).toBe('open');
  });

  it('keeps the connection and the send identity when handlers change; uses the newest handler', async () => {
    const h = harness();
    const first: ServerFrame[] = [];
    const second: ServerFrame[] = [];
    await h.render({ onMessage: (frame) => first.push(frame), getResume: () => ({ chat: { a: 1 } }) });
    const { send } = h.last();
    await h.render({ onMessage: (frame) => second.push(frame), getResume: () => ({ chat: { a: 2 } }) });
    const created = h.kit.instances.length;
    await root.act(() => h.kit.last().open());
    await root.act(() => h.kit.last().message({ type: 'chat', seq: 1 }));
    expect(h.kit.instances).toHaveLength(created);
    expect(h.last().send).toBe(send);
    expect(first).toEqual([]);
    expect(second).toEqual([{ type: 'chat', seq: 1 }]);
    expect(h.kit.last().sent[0]).toEqual({ type: 'resume', chat: { a: 2 } });
    expect(send({ type: 'driver.online', online: true })).toBe('sent');
  });

  it('reconnects on a url change, and closes on disable and on unmount with no timers left', async () => {
    const h = harness();
    await h.render();
    const before = h.kit.last();
    await h.render({ url: '/ws?v=2' });
    expect(before.readyState).toBe(3);
    expect(h.kit.last().url).toBe('ws://test.local:3000/ws?v=2');
    expect(h.kit.live()).toHaveLength(1);
    await h.render({ url: '/ws?v=2', enabled: false });
    expect(h.kit.live()).toHaveLength(0);
    expect(h.last().state).toMatchObject({ status: 'closed', closeReason: 'client closed' });
    expect(h.last().send({ type: 'pong' })).toBe('dropped');
    await h.render({ url: '/ws?v=2' });
    expect(h.kit.live()).toHaveLength(1);
    await root.unmount();
    expect(h.kit.live()).toHaveLength(0);
    expect(h.online.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows closed when disabled from the start and never connects', async () => {
    const h = harness();
    await h.render({ enabled: false });
    expect(h.kit.instances).toHaveLength(0);
    expect(h.last().state.status).toBe('closed');
  });
});
