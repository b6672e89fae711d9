import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRpcClient, serveRpc, type IpcChannel } from './rpc';

/** Two ends of an in-memory channel, delivering asynchronously like IPC does. */
function pair(options: { backlogged?: boolean } = {}): [IpcChannel, IpcChannel] {
  const a = new EventEmitter();
  const b = new EventEmitter();
  const end = (self: EventEmitter, other: EventEmitter): IpcChannel => ({
    connected: true,
    send: (message) => {
      setImmediate(() => other.emit('message', JSON.parse(JSON.stringify(message))));
      // Node's send() answers false when it queued a large message: still delivered.
      return !options.backlogged;
    },
    on: (event, listener) => self.on(event, listener),
    off: (event, listener) => self.off(event, listener),
  });
  return [end(a, b), end(b, a)];
}

interface Api {
  add(params: { a: number; b: number }): number;
  boom(params: null): Promise<void>;
  slow(params: null): Promise<void>;
}

describe('rpc', () => {
  const [parent, child] = pair();
  serveRpc<Api>(child, {
    add: ({ a, b }) => a + b,
    boom: async () => {
      throw new Error('kaput');
    },
    slow: () => new Promise(() => {}),
  });
  const client = createRpcClient<Api>(parent, 'child');

  it('returns results and errors', async () => {
    await expect(client.call('add', { a: 2, b: 3 })).resolves.toBe(5);
    await expect(client.call('boom', null)).rejects.toThrow(/child: .*kaput/);
  });

  it('times out, and fails pending calls on demand', async () => {
    await expect(client.call('slow', null, 20)).rejects.toThrow('slow timed out after 20 ms');
    const pending = client.call('slow', null);
    client.fail('exited');
    await expect(pending).rejects.toThrow('child: exited');
  });

  it('refuses an unknown method', async () => {
    await expect(client.call('nope' as 'add', { a: 1, b: 1 })).rejects.toThrow('unknown method nope');
  });

  it('still waits for the answer when send() queued the request (a large message), and fails at once when the channel is closed', async () => {
    const [slowParent, slowChild] = pair({ backlogged: true });
    serveRpc<Pick<Api, 'add'>>(slowChild, { add: ({ a, b }) => a + b });
    await expect(createRpcClient<Pick<Api, 'add'>>(slowParent, 'child').call('add', { a: 1, b: 1 })).resolves.toBe(2);
    const closed: IpcChannel = { connected: false, send: () => false, on: () => undefined, off: () => undefined };
    await expect(createRpcClient<Pick<Api, 'add'>>(closed, 'child').call('add', { a: 1, b: 1 })).rejects.toThrow(/IPC channel closed/);
  });
});
