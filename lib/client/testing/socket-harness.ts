import { type ClientError } from '../errors';
import { type ServerFrame } from '../frames';
import { type ReconnectingSocketOptions, createReconnectingSocket } from '../reconnecting-socket';
import { createFakeOnline } from './fake-online';
import { createFakeWebSocket } from './fake-websocket';

/**
 * A reconnecting socket wired to fakes, with `random = 1` so every backoff delay is its
 * ceiling (1000, 2000, 4000 … 30000) and tests can assert exact times.
 */
export function createSocketHarness(overrides: Partial<ReconnectingSocketOptions> = {}) {
  const kit = createFakeWebSocket();
  const online = createFakeOnline();
  const received: ServerFrame[] = [];
  const errors: ClientError[] = [];
  let resumeCalls = 0;
  const client = createReconnectingSocket({
    url: 'ws://test.local/ws',
    WebSocketImpl: kit.WebSocketImpl,
    random: () => 1,
    onOnline: online.onOnline,
    getResume: () => {
      resumeCalls += 1;
      return { chat: { r1: resumeCalls } };
    },
    onMessage: (frame) => received.push(frame),
    onError: (error) => errors.push(error),
    ...overrides,
  });
  return { kit, online, client, received, errors };
}
