import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser';

function parse(chunks: string[]) {
  const events: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser({
    onEvent: (event) => events.push(event),
    onComment: (text) => comments.push(text),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.feed(chunk);
  return { events, comments, retries, parser };
}

const STREAM = 'retry: 2000\n\n: keep-alive\n\nid: 1-0\nevent: location\ndata: {"seq":1}\n\nid: 1-1\nevent: ride\ndata: a\ndata: b\n\n';

describe('createSseParser', () => {
  it('reads retry, comments and events with id and type', () => {
    const { events, comments, retries, parser } = parse([STREAM]);
    expect(retries).toEqual([2000]);
    expect(comments).toEqual(['keep-alive']);
    expect(events).toEqual([
      { type: 'location', data: '{"seq":1}', id: '1-0' },
      { type: 'ride', data: 'a\nb', id: '1-1' },
    ]);
    expect(parser.lastEventId).toBe('1-1');
  });

  it('gives the same result however the stream is split', () => {
    const whole = parse([STREAM]).events;
    for (let size = 1; size < 12; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < STREAM.length; i += size) chunks.push(STREAM.slice(i, i + size));
      expect(parse(chunks).events).toEqual(whole);
    }
  });

  it('accepts CRLF and CR line ends, also with CRLF split across chunks', () => {
    expect(parse(['data: x\r\n\r\ndata: y\r\r']).events.map((e) => e.data)).toEqual(['x', 'y']);
    expect(parse(['data: x\r', '\n\r', '\n']).events).toEqual([{ type: 'message', data: 'x', id: undefined }]);
  });

  it('dispatches nothing for an event without data, and keeps a value without the optional space', () => {
    expect(parse(['event: ping\n\n']).events).toEqual([]);
    expect(parse(['data:x\n\n']).events[0]?.data).toBe('x');
  });

  it('ignores a non-numeric retry and an id containing NUL', () => {
    const { retries, parser } = parse(['retry: soon\n\nid: a\0b\ndata: x\n\n']);
    expect(retries).toEqual([]);
    expect(parser.lastEventId).toBe('');
  });

  it('drops a half-received event on reset', () => {
    const { events, parser } = parse(['id: 9-9\ndata: half']);
    parser.reset();
    parser.feed('data: whole\n\n');
    expect(events).toEqual([{ type: 'message', data: 'whole', id: undefined }]);
  });

  it('moves lastEventId only when an event is whole: a reconnect after a cut asks for the cut event again', () => {
    const { events, parser } = parse(['id: 1-0\ndata: a\n\nid: 1-1\ndata: b\n']);
    expect(events.map((e) => e.id)).toEqual(['1-0']);
    expect(parser.lastEventId).toBe('1-0');
    parser.reset();
    expect(parser.lastEventId).toBe('1-0');
    // An event with an id and no data is not dispatched, but its id counts (WHATWG).
    parser.feed('id: 2-0\n\n');
    expect(events).toHaveLength(1);
    expect(parser.lastEventId).toBe('2-0');
  });
});
