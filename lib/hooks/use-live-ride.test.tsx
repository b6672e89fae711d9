import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StrictMode } from 'react';
import { createFakeWebSocket } from '@/lib/client/testing/fake-websocket';
import { RideStoreProvider, useRideStoreApi } from '@/lib/stores/ride-store-context';
import type { RideStoreApi } from '@/lib/stores/ride-store';
import { type NullDomRoot, createNullDomRoot, removeNullDom } from './testing/null-dom-root';
import { type RequestError, useLiveRide } from './use-live-ride';

let root: NullDomRoot;
const realWebSocket = globalThis.WebSocket;
beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  root = createNullDomRoot();
});
afterEach(() => {
  removeNullDom();
  globalThis.WebSocket = realWebSocket;
  vi.useRealTimers();
});

async function harness() {
  const kit = createFakeWebSocket();
  globalThis.WebSocket = kit.WebSocketImpl as unknown as typeof WebSocket;
  const refused: RequestError[] = [];
  let store!: RideStoreApi;
  let live!: ReturnType<typeof useLiveRide>;
  function Probe() {
    store = useRideStoreApi();
    live = useLiveRide({ onRequestError: (error) => refused.push(error) });
    return null;
  }
  await root.render(<StrictMode><RideStoreProvider selfId="u_rider"><Probe /></RideStoreProvider></StrictMode>);
  await root.act(() => kit.last().open());
  return { kit, refused, store: () => store, live: () => live };
}

describe('useLiveRide', () => {
  it('reports a refused request by its ref, code and message', async () => {
    const h = await harness();
    await root.act(() => h.kit.last().message({ type: 'error', ref: 'ride.start:r_1', code: 'CONFLICT', message: 'ride is not arrived' }));
    expect(h.refused).toEqual([{ ref: 'ride.start:r_1', code: 'CONFLICT', message: 'ride is not arrived' }]);
  });

  it('keeps a refused chat send in the chat (marked failed), not in the request errors', async () => {
    const h = await harness();
    const clientId = 'c-1';
    await root.act(() => h.store().getState().sendingChat(clientId, 'hello'));
    await root.act(() => h.kit.last().message({ type: 'error', ref: `chat:${clientId}`, code: 'RATE_LIMITED', message: 'Too many messages' }));
    expect(h.refused).toEqual([]);
    const pending = h.store().getState().chat.pending.find((p) => p.clientId === clientId);
    expect(pending?.status).toBe('failed');
  });

  it('ignores an error frame with no ref (it answers no request of the app)', async () => {
    const h = await harness();
    await root.act(() => h.kit.last().message({ type: 'error', code: 'BAD_FRAME', message: 'bad' }));
    expect(h.refused).toEqual([]);
  });
});
