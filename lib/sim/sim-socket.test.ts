import { describe, expect, it } from 'vitest';
import { parseServerFrame } from './sim-socket';

describe('parseServerFrame', () => {
  it('reads text frames as strings and as bytes (ws delivers Buffers for binary)', () => {
    const text = JSON.stringify({ type: 'ping' });
    expect(parseServerFrame(text)).toEqual({ type: 'ping' });
    expect(parseServerFrame(new TextEncoder().encode(text))).toEqual({ type: 'ping' });
    expect(parseServerFrame(new TextEncoder().encode(text).buffer)).toEqual({ type: 'ping' });
  });

  it('returns null for anything it cannot trust', () => {
    for (const raw of [
      'garbage', '', '42', 'null', '[]', '{"type":7}', '{"type":"nope"}', '{"type":"__proto__"}', '{"type":"toString"}',
      '{"type":"offer","offerId":"o1"}', '{"type":"hello","user":{"id":1}}', '{"type":"offer.closed","offerId":"o","reason":"bored"}',
      123, null, undefined, {},
    ]) {
      expect(parseServerFrame(raw)).toBeNull();
    }
  });
});
