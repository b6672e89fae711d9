import { describe, expect, it } from 'vitest';
import { compareEventIds, isEventId, MAX_EVENT_ID_LENGTH } from './event-id';

describe('event ids', () => {
  it('accepts canonical Redis stream ids within uint64', () => {
    for (const id of ['0-0', '1-0', '1700000000000-42', '18446744073709551615-18446744073709551615']) {
      expect(isEventId(id), id).toBe(true);
    }
    expect('18446744073709551615-18446744073709551615'.length).toBe(MAX_EVENT_ID_LENGTH);
  });

  it('rejects anything else, including raw hostile input', () => {
    const bad: unknown[] = [
      '', '-', '1', '1-', '-1', '1--1', '-1-0', '01-0', '1-01', '1-0 ', ' 1-0', '1-0\n', '1.5-0', '1e3-0',
      '0x1-0', '１-0', '18446744073709551616-0', '0-18446744073709551616', '9'.repeat(21) + '-0',
      '1-0'.repeat(1000), '*', '+', '$', '>', null, undefined, 17, {}, ['1-0'],
    ];
    for (const value of bad) expect(isEventId(value), JSON.stringify(value)).toBe(false);
  });

  it('orders numerically, not lexically', () => {
    expect(compareEventIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareEventIds('10-0', '9-0')).toBeGreaterThan(0);
    expect(compareEventIds('5-9', '5-10')).toBeLessThan(0);
    expect(compareEventIds('5-10', '5-10')).toBe(0);
    expect(compareEventIds('6-0', '5-99')).toBeGreaterThan(0);
    const ids = ['10-1', '2-0', '10-0', '1-5', '1-10'];
    expect([...ids].sort(compareEventIds)).toEqual(['1-5', '1-10', '2-0', '10-0', '10-1']);
  });

  it('throws BUS_INVALID_EVENT_ID when given something without the id shape', () => {
    expect(() => compareEventIds('nope', '1-0')).toThrow(expect.objectContaining({ code: 'BUS_INVALID_EVENT_ID' }));
  });
});
