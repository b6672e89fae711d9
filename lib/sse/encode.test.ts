import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '@/lib/bus/types';
import { isAppError } from '@/lib/errors';
import { encodeBusEvent, encodeComment, encodeEvent, encodeRetry } from './encode';
import { isValidEventId } from './event-id';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isAppError(error) ? error.code : 'not an AppError';
  }
  return undefined;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('encodeEvent', () => {
  it('writes id, event and one JSON data line, ended by a blank line', () => {
    const bytes = encodeEvent({ id: '17-3', type: 'ride', data: { status: 'accepted', note: 'two\nlines' } });
    expect(text(bytes)).toBe('id: 17-3\nevent: ride\ndata: {"status":"accepted","note":"two\\nlines"}\n\n');
  });

  it('encodes as UTF-8', () => {
    const bytes = encodeEvent({ id: '1-0', type: 'chat', data: 'héllo ✓' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(text(bytes)).toContain('data: "héllo ✓"');
    expect(bytes.byteLength).toBeGreaterThan(text(bytes).length);
  });

  it('sends undefined data as null so the data line stays JSON', () => {
    expect(text(encodeEvent({ id: '1-0', type: 'x', data: undefined }))).toContain('data: null\n');
  });

  it.each([
    ['id with LF', { id: '1-0\ndata: evil', type: 'ride' }],
    ['id with CR', { id: '1-0\r', type: 'ride' }],
    ['id with NUL', { id: '1-\u00000', type: 'ride' }],
    ['type with LF', { id: '1-0', type: 'ride\nid: 9-9' }],
  ])('refuses a %s', (_label, fields) => {
    expect(codeOf(() => encodeEvent({ ...fields, data: 1 }))).toBe('SSE_INVALID_FIELD');
  });
});

describe('encodeBusEvent', () => {
  it('serialises a bus event once however many streams send it', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const event: BusEvent = { id: '5-0', topic: 'ride:1', type: 'location', data: { lat: 1, lng: 2 } };
    const first = encodeBusEvent(event);
    let same = true;
    for (let i = 0; i < 10_000; i++) same &&= encodeBusEvent(event) === first;
    expect(same).toBe(true);
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(text(first)).toBe('id: 5-0\nevent: location\ndata: {"lat":1,"lng":2}\n\n');
  });

  it('encodes again once another event came between (a replay is correct, not shared)', () => {
    const a: BusEvent = { id: '7-0', topic: 't', type: 'x', data: { n: 1 } };
    const b: BusEvent = { id: '8-0', topic: 't', type: 'x', data: { n: 2 } };
    const first = encodeBusEvent(a);
    expect(text(encodeBusEvent(b))).toContain('id: 8-0');
    const again = encodeBusEvent(a);
    expect(again).not.toBe(first);
    expect(text(again)).toBe(text(first));
  });

  it('encodes distinct event objects separately', () => {
    const a: BusEvent = { id: '1-0', topic: 't', type: 'x', data: 1 };
    const b: BusEvent = { ...a, id: '2-0' };
    expect(text(encodeBusEvent(b))).toContain('id: 2-0');
    expect(encodeBusEvent(a)).not.toBe(encodeBusEvent(b));
  });
});

describe('retry and comments', () => {
  it('writes retry', () => {
    expect(text(encodeRetry(2500))).toBe('retry: 2500\n\n');
    expect(codeOf(() => encodeRetry(-1))).toBe('SSE_INVALID_FIELD');
    expect(codeOf(() => encodeRetry(1.5))).toBe('SSE_INVALID_FIELD');
  });

  it('writes comments, one comment line per text line', () => {
    expect(text(encodeComment('keep-alive'))).toBe(': keep-alive\n\n');
    expect(text(encodeComment())).toBe(':\n\n');
    expect(text(encodeComment('a\ndata: injected\r\nb'))).toBe(': a\n: data: injected\n: b\n\n');
  });
});

describe('isValidEventId', () => {
  it.each(['0-0', '1700000000000-0', '1234567890123456-1234567890123456'])('accepts %s', (id) => {
    expect(isValidEventId(id)).toBe(true);
  });
  it.each(['', '1', '1-', '-1', 'a-1', '1-0\n', ' 1-0', '12345678901234567-0', '1-0-0', '01-0', '1-00'])('rejects %j', (id) => {
    expect(isValidEventId(id)).toBe(false);
  });
});
