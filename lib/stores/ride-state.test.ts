import { describe, expect, it } from 'vitest';
import type { DriverLocation, Ride } from '@/lib/protocol/ride';
import { closeOffer, currentOffer, receiveOffer } from './offer-state';
import { emptyRide, isOngoing, receiveLocation, receiveRide } from './ride-state';

const ride = (status: Ride['status'], updatedAt: number, id = 'r1'): Ride => ({
  id, status, riderId: 'rider', driverId: status === 'requested' ? null : 'd1',
  pickup: { lat: 1, lng: 1 }, dropoff: { lat: 2, lng: 2 }, surge: 1, fare: { amount: 9, currency: 'USD' },
  createdAt: new Date(0).toISOString(), updatedAt: new Date(updatedAt).toISOString(),
});
const fix = (at: number, lat = 1): DriverLocation => ({ driverId: 'd1', lat, lng: 1, heading: 0, speed: 5, at: new Date(at).toISOString() });

describe('ride state', () => {
  it('never lets an older update replace a newer one (two channels, replays)', () => {
    let state = receiveRide(emptyRide(), ride('accepted', 2000));
    state = receiveRide(state, ride('requested', 1000));
    expect(state.ride?.status).toBe('accepted');
    state = receiveRide(state, ride('arrived', 3000));
    expect(state.ride?.status).toBe('arrived');
  });

  it('keeps only newer fixes of the ride\'s own driver', () => {
    let state = receiveRide(emptyRide(), ride('accepted', 1));
    state = receiveLocation(state, fix(2000, 5));
    state = receiveLocation(state, fix(1000, 4));
    state = receiveLocation(state, { ...fix(3000), driverId: 'someone-else' });
    expect(state.driverLocation?.lat).toBe(5);
  });

  it('a different ride replaces the current one and forgets its driver location', () => {
    let state = receiveRide(emptyRide(), ride('accepted', 1), fix(10));
    state = receiveRide(state, ride('requested', 0, 'r2'));
    expect(state).toMatchObject({ ride: { id: 'r2' }, driverLocation: null });
    expect(isOngoing(state.ride)).toBe(true);
    expect(isOngoing(ride('completed', 5))).toBe(false);
  });
});

describe('offer state', () => {
  it('merges re-sent offers, closes with a reason, and shows the open one first', () => {
    let state = receiveOffer([], { offerId: 'o1', ride: ride('requested', 1), expiresAt: 'a' });
    state = receiveOffer(state, { offerId: 'o1', ride: ride('requested', 1), expiresAt: 'a' });
    expect(state).toHaveLength(1);
    state = closeOffer(state, 'o1', 'expired');
    state = receiveOffer(state, { offerId: 'o1', ride: ride('requested', 1), expiresAt: 'a' });
    expect(state[0]?.closed).toBe('expired');
    expect(currentOffer(state)?.closed).toBe('expired');
    state = receiveOffer(state, { offerId: 'o2', ride: ride('requested', 1, 'r2'), expiresAt: 'b' });
    expect(currentOffer(state)?.offerId).toBe('o2');
  });
});
