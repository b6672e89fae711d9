import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StrictMode, createElement } from 'react';
import { type EventSourceState } from '@/lib/client/event-source-client';
import { createFakeEventSource } from '@/lib/client/testing/fake-event-source';
import { createFakeOnline } from '@/lib/client/testing/fake-online';
import { type NullDomRoot, createNullDomRoot, removeNullDom } from './testing/null-dom-root';
import { type UseEventSourceOptions, useEventSource } from './use-event-source';

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
  const kit = createFakeEventSource();
  const online = createFakeOnline();
  const states: EventSourceState[] = [];
  function Probe(props: Partial<UseEventSourceOptions>) {
    states.push(useEventSource({
      url: '/api/surge/stream', events: ['surge'], onEvent: () => {},
      EventSourceImpl: kit.EventSourceImpl, onOnline: online.onOnline, random: () => 1, ...props,
    }));
    return null;
  }
  const render = (props: Partial<UseEventSourceOptions> = {}) =>
    root.render(createElement(StrictMode, null, createElement(Probe, props)));
  return { kit, online, states, render, last: () => states.at(-1)! };
}

describe('useEventSource', () => {
  it('opens one stream under StrictMode and exposes its state', async () => {
    const h = harness();
    await h.render();
    expect(h.kit.instances).toHaveLength(2);
    expect(h.kit.live()).toHaveLength(1);
    expect(h.kit.last().url).toBe('/api/surge/stream');
    await root.act(() => h.kit.last().open());
    await root.act(() => h.kit.last().emit('surge', { full: true, cells: [] }, '12'));
    expect(h.last()).toMatchObject({ status: 'open', lastEventId: '12' });
  });

  it('does not reopen for a new handler or a new but equal events array', async () => {
    const h = harness();
    const seen: unknown[] = [];
    await h.render({ onEvent: () => seen.push('old') });
    const created = h.kit.instances.length;
    await h.render({ events: ['surge'], onEvent: (_type, data) => seen.push(data) });
    expect(h.kit.instances).toHaveLength(created);
    await root.act(() => h.kit.last().emit('surge', { full: false }, '1'));
    expect(seen).toEqual([{ full: false }]);
    await h.render({ events: ['surge', 'ride'], onEvent: () => {} });
    expect(h.kit.instances).toHaveLength(created + 1);
    expect(h.kit.live()).toHaveLength(1);
  });

  it('closes the stream and clears every timer on unmount', async () => {
    const h = harness();
    await h.render();
    await root.act(() => h.kit.last().fail());
    expect(h.last()).toMatchObject({ status: 'closed', attempt: 1 });
    await root.unmount();
    expect(h.kit.live()).toHaveLength(0);
    expect(h.online.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
