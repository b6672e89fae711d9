import { describe, expect, it } from 'vitest';
import type { Ride } from '@/lib/protocol/ride';
import { createReadMarks } from './read-marks';
import { createRideStore } from './ride-store';

const ride = (id: string, status: Ride['status'], updatedAt: number): Ride => ({
  id, status, riderId: 'me', driverId: status === 'requested' ? null : 'd1',
  pickup: { lat: 1, lng: 1 }, dropoff: { lat: 2, lng: 2 }, surge: 1, fare: { amount: 9, currency: 'USD' },
  createdAt: new Date(0).toISOString(), updatedAt: new Date(updatedAt).toISOString(),
});

describe('createRideStore', () => {
  it('gives each tree its own store, and keeps chat per ride', () => {
    const a = createRideStore('me');
    const b = createRideStore('me');
    a.getState().applyRide(ride('r1', 'accepted', 1));
    expect(b.getState().ride).toBeNull();
    a.getState().applyChat({ rideId: 'r1', seq: 1, clientId: 'x', from: 'd1', body: 'hi', at: new Date().toISOString() });
    expect(a.getState().resumeChat()).toEqual({ r1: 1 });
    a.getState().applyRide(ride('r1', 'arrived', 2));
    expect(a.getState().chat.messages).toHaveLength(1);
    a.getState().applyRide(ride('r2', 'requested', 3));
    expect(a.getState().chat).toMatchObject({ rideId: 'r2', messages: [] });
  });

  it('remembers how far the chat was read, so a reload (a new store) shows only new messages as unread', () => {
    const storage = new Map<string, string>();
    const marks = () => createReadMarks({ getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) });
    const message = (seq: number) => ({ rideId: 'r1', seq, clientId: `c${seq}`, from: 'd1', body: 'hi', at: new Date().toISOString() });
    const before = createRideStore('me', marks());
    before.getState().applyRide(ride('r1', 'accepted', 1));
    before.getState().applyChat(message(1));
    before.getState().applyChat(message(2));
    expect(before.getState().chat.unread).toBe(2);
    before.getState().openChat(true);
    before.getState().openChat(false);

    const after = createRideStore('me', marks());
    after.getState().applyRide(ride('r1', 'accepted', 1));
    for (const seq of [1, 2, 3]) after.getState().applyChat(message(seq));
    expect(after.getState().chat.unread).toBe(1);
  });

  it('works with no storage at all (private mode): marks live in memory', () => {
    const refusing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    const marks = createReadMarks(refusing);
    marks.set('r1', 4);
    expect(marks.get('r1')).toBe(4);
    expect(marks.get('r2')).toBe(0);
  });
});
