import { describe, expect, it } from 'vitest';
import { newId } from '@/lib/rides/ids';
import { clientFrames, serverFrames } from '@/lib/protocol/ws-messages';
import { benchDriverId, benchRideId, benchUserId, chatBody, chatFrame, chatMessage, locationPayload, parseChatBody, stampOf, surgePayload } from './payloads';

describe('payloads', () => {
  const stamp = { run: 3, seq: 7, sentUs: 123_456_789.5 };

  it('stamps location and surge events and reads the stamp back', () => {
    expect(stampOf(JSON.parse(JSON.stringify(locationPayload(5, stamp))))).toEqual(stamp);
    expect(stampOf(JSON.parse(JSON.stringify(surgePayload(stamp))))).toEqual(stamp);
    expect(stampOf({ seq: 1 })).toBeNull();
    expect(stampOf(null)).toBeNull();
  });

  it('keeps location events the shape of API.md', () => {
    expect(Object.keys(locationPayload(0, stamp))).toEqual(expect.arrayContaining(['driverId', 'lat', 'lng', 'heading', 'speed', 'at']));
    expect(benchDriverId(12)).toBe('u_bench000000000000000000000000012');
    expect(benchDriverId(12, 'bench3f9a1c')).toBe('u_bench3f9a1c000000000000000000012');
    expect(benchDriverId(12, 'bench3f9a1c')).toHaveLength(34);
  });

  it('carries the stamp in a chat body of 1..1000 characters', () => {
    const body = chatBody(stamp);
    expect(body.length).toBeLessThanOrEqual(1000);
    expect(parseChatBody(body)).toEqual(stamp);
    expect(parseChatBody('hello')).toBeNull();
  });

  it('builds the chat frame sendChat delivers: a valid server frame, its fields in toChatMessage order, the stamp in the body', () => {
    const rider = `u_${'a'.repeat(32)}`;
    const message = chatMessage('r_0123456789abcdef01234567', rider, stamp);
    const frame = chatFrame(message);
    expect(Object.keys(message)).toEqual(['rideId', 'seq', 'clientId', 'from', 'body', 'at']);
    expect(Object.keys(frame)).toEqual(['type', 'rideId', 'seq', 'clientId', 'from', 'body', 'at']);
    expect(frame).toMatchObject({ type: 'chat', rideId: 'r_0123456789abcdef01234567', seq: 7, from: rider });
    const wire = JSON.parse(JSON.stringify(frame)) as unknown;
    expect(serverFrames.chat.parse(wire)).toEqual(wire);
    // The clients read the stamp from the body (ws-client.ts, sio-client.ts); seq is the stamp's.
    expect(parseChatBody(frame.body)).toEqual(stamp);
    expect(Number.isNaN(Date.parse(frame.at))).toBe(false);
    // What a client could have sent as chat.send (clientId an id, body 1..1000 characters).
    expect(clientFrames['chat.send'].safeParse({ type: 'chat.send', rideId: frame.rideId, clientId: frame.clientId, body: frame.body }).success).toBe(true);
  });

  it('gives each run and seq its own clientId (the idempotency key)', () => {
    const ids = new Set([
      chatMessage('r_x', 'u_x', { run: 1, seq: 1, sentUs: 1 }).clientId,
      chatMessage('r_x', 'u_x', { run: 1, seq: 2, sentUs: 1 }).clientId,
      chatMessage('r_x', 'u_x', { run: 2, seq: 1, sentUs: 1 }).clientId,
    ]);
    expect(ids.size).toBe(3);
  });

  it('makes up baseline ids as long as real ones, distinct per pair and role', () => {
    expect(benchRideId(7)).toHaveLength(newId('r').length);
    expect(benchRideId(123_456)).toHaveLength(newId('r').length);
    expect(benchRideId(7)).toMatch(/^r_[A-Za-z0-9]+$/);
    expect(benchUserId('rider', 7)).toHaveLength(`u_${'0'.repeat(32)}`.length);
    expect(new Set([benchRideId(1), benchRideId(2)]).size).toBe(2);
    expect(new Set([benchUserId('rider', 1), benchUserId('driver', 1), benchUserId('rider', 2)]).size).toBe(3);
  });

  it('sends ten h3-like cells in a surge change', () => {
    const { cells } = surgePayload(stamp);
    expect(cells).toHaveLength(10);
    for (const cell of cells) expect(cell.h3).toMatch(/^[0-9a-f]{15}$/);
  });
});
