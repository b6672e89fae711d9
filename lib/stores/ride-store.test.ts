import { describe, expect, it } from 'vitest';
import type { Ride } from '@/lib/protocol/ride';
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
});
