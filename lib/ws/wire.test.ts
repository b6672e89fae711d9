import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { textMessage } from './wire';

/** ws's own framing (its untyped static `Sender.frame`), as the oracle. */
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
};
const wsFrame = Sender.frame.bind(Sender);

const framedByWs = (payload: Buffer): Buffer =>
  Buffer.concat(wsFrame(payload, { fin: true, opcode: 1, mask: false, rsv1: false, readOnly: false }));

describe('textMessage', () => {
  // Each length form of the header: 7-bit, 16-bit (126) and 64-bit (127), at both edges.
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])('frames a %i-byte payload as ws does', (length) => {
    const payload = Buffer.alloc(length, 'x');
    const message = textMessage(payload);
    expect(message.equals(framedByWs(payload))).toBe(true);
    expect(message[0]).toBe(0x81);
    expect(message.subarray(message.length - length).equals(payload)).toBe(true);
  });

  it('copies the payload, so the message stays as built if the payload buffer is reused', () => {
    const payload = Buffer.from('{"type":"ping"}');
    const message = textMessage(payload);
    payload.fill(0);
    expect(message.subarray(2).toString()).toBe('{"type":"ping"}');
  });
});
