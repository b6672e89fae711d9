import { describe, expect, it } from 'vitest';
import { benchDriverId, chatBody, locationPayload, parseChatBody, stampOf, surgePayload } from './payloads';

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

  it('sends ten h3-like cells in a surge change', () => {
    const { cells } = surgePayload(stamp);
    expect(cells).toHaveLength(10);
    for (const cell of cells) expect(cell.h3).toMatch(/^[0-9a-f]{15}$/);
  });
});
