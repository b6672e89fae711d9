import { describe, expect, it, vi } from 'vitest';
import { type ObservableClient, createClientBridge } from './client-bridge';

function fakeClient(initial: string) {
  let state = initial;
  const listeners = new Set<() => void>();
  const client: ObservableClient<string> & { set(next: string): void; listenerCount(): number } = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    set(next) {
      state = next;
      for (const listener of listeners) listener();
    },
    listenerCount: () => listeners.size,
  };
  return client;
}

describe('createClientBridge', () => {
  it('shows the initial snapshot, then follows the attached client', () => {
    const bridge = createClientBridge<string, ReturnType<typeof fakeClient>>('initial');
    const listener = vi.fn();
    const unsubscribe = bridge.subscribe(listener);
    expect(bridge.getSnapshot()).toBe('initial');
    const a = fakeClient('a0');
    bridge.attach(a);
    expect(bridge.getSnapshot()).toBe('a0');
    expect(bridge.current()).toBe(a);
    a.set('a1');
    expect(bridge.getSnapshot()).toBe('a1');
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    a.set('a2');
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('keeps the final snapshot after detach and ignores a stale detach', () => {
    const bridge = createClientBridge<string, ReturnType<typeof fakeClient>>('initial');
    const a = fakeClient('a');
    const b = fakeClient('b');
    bridge.attach(a);
    bridge.attach(b);
    expect(a.listenerCount()).toBe(0);
    bridge.detach(a);
    expect(bridge.current()).toBe(b);
    b.set('closed');
    bridge.detach(b);
    expect(b.listenerCount()).toBe(0);
    expect(bridge.current()).toBeNull();
    expect(bridge.getSnapshot()).toBe('closed');
  });
});
