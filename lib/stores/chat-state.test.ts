import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@/lib/protocol/ws-messages';
import { addPending, emptyChat, failPending, receiveMessage, setChatOpen } from './chat-state';

const msg = (seq: number, from = 'driver', clientId = `c${seq}`): ChatMessage => ({
  rideId: 'r1', seq, clientId, from, body: `m${seq}`, at: new Date(seq * 1000).toISOString(),
});

describe('chat state', () => {
  it('orders by seq, drops duplicates and tracks the contiguous lastSeq for resume', () => {
    let state = emptyChat('r1');
    for (const m of [msg(2), msg(1), msg(2), msg(4), msg(1)]) state = receiveMessage(state, m, 'rider');
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2, 4]);
    // A hole at 3: resume must ask from 2 so 3 is replayed.
    expect(state.lastSeq).toBe(2);
    state = receiveMessage(state, msg(3), 'rider');
    expect(state.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(state.lastSeq).toBe(4);
  });

  it('ignores messages of another ride', () => {
    const state = emptyChat('r1');
    expect(receiveMessage(state, { ...msg(1), rideId: 'r2' }, 'rider')).toBe(state);
  });

  it('shows own messages as sending until the server confirms them, once', () => {
    let state = addPending(emptyChat('r1'), 'mine-1', 'hello');
    expect(state.pending).toEqual([{ clientId: 'mine-1', body: 'hello', status: 'sending' }]);
    state = receiveMessage(state, msg(1, 'rider', 'mine-1'), 'rider');
    expect(state.pending).toEqual([]);
    expect(state.messages).toHaveLength(1);
    // The ack and the live frame both arrive: still one message.
    state = receiveMessage(state, msg(1, 'rider', 'mine-1'), 'rider');
    expect(state.messages).toHaveLength(1);
  });

  it('marks a failed send and lets it be retried', () => {
    let state = failPending(addPending(emptyChat('r1'), 'x', 'hi'), 'x', 'RATE_LIMITED');
    expect(state.pending[0]).toMatchObject({ status: 'failed', error: 'RATE_LIMITED' });
    state = addPending(state, 'x', 'hi');
    expect(state.pending).toEqual([{ clientId: 'x', body: 'hi', status: 'sending' }]);
  });

  it('counts unread messages from the other side while closed, and clears them on open', () => {
    let state = emptyChat('r1');
    state = receiveMessage(state, msg(1, 'driver'), 'rider');
    state = receiveMessage(state, msg(2, 'rider'), 'rider');
    state = receiveMessage(state, msg(2, 'rider'), 'rider');
    expect(state.unread).toBe(1);
    state = setChatOpen(state, true, 'rider');
    expect(state.unread).toBe(0);
    state = receiveMessage(state, msg(3, 'driver'), 'rider');
    expect(state.unread).toBe(0);
    expect(state.readSeq).toBe(3);
    state = setChatOpen(state, false, 'rider');
    state = receiveMessage(state, msg(4, 'driver'), 'rider');
    expect(state.unread).toBe(1);
  });

  it('does not count again what was read before a reload: replayed messages up to readSeq stay read', () => {
    let state = emptyChat('r1', 2);
    for (const seq of [1, 2, 3]) state = receiveMessage(state, msg(seq, 'driver'), 'rider');
    expect(state.unread).toBe(1);
    expect(state.lastSeq).toBe(3);
  });
});
