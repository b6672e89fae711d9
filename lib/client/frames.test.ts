import { describe, expect, it } from 'vitest';
import { ClientError } from './errors';
import { parseServerFrame, readConnectionId, readHeartbeatMs } from './frames';

describe('parseServerFrame', () => {
  it('accepts a JSON object with a string type', () => {
    expect(parseServerFrame('{"type":"chat","seq":1}')).toEqual({ type: 'chat', seq: 1 });
  });

  it.each([
    ['garbage', 'not json{'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a missing type', '{"t":"x"}'],
    ['a non-string type', '{"type":7}'],
    ['a binary frame', new ArrayBuffer(4)],
  ])('reports %s as INVALID_FRAME instead of throwing', (_label, raw) => {
    const result = parseServerFrame(raw);
    expect(result).toBeInstanceOf(ClientError);
    expect((result as ClientError).code).toBe('INVALID_FRAME');
    expect((result as ClientError).raw).toBe(raw);
  });
});

describe('hello readers', () => {
  it('reads a positive heartbeat and a string connection id, ignoring anything else', () => {
    expect(readHeartbeatMs({ type: 'hello', heartbeatMs: 1500 })).toBe(1500);
    expect(readHeartbeatMs({ type: 'hello', heartbeatMs: 0 })).toBeNull();
    expect(readHeartbeatMs({ type: 'hello', heartbeatMs: '1500' })).toBeNull();
    expect(readHeartbeatMs({ type: 'hello', heartbeatMs: Infinity })).toBeNull();
    expect(readConnectionId({ type: 'hello', connectionId: 'c1' })).toBe('c1');
    expect(readConnectionId({ type: 'hello', connectionId: 1 })).toBeNull();
  });
});
