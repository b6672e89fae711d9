/** Reads an SSE byte stream back into messages, for tests. */

/** One block of the stream (up to a blank line). */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
  comments: string[];
}

/** Incremental parser: feed text, get every complete block. */
export function createSseParser(): (text: string) => SseMessage[] {
  let buffer = '';
  return (text) => {
    buffer += text;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    return blocks.map((block) => {
      const message: SseMessage = { comments: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          message.comments.push(line.slice(1).trimStart());
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') message.id = value;
        else if (field === 'event') message.event = value;
        else if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
        else if (field === 'retry') message.retry = Number(value);
      }
      return message;
    });
  };
}

export interface SseReader {
  /** The next block, or undefined when the stream ended. */
  next(): Promise<SseMessage | undefined>;
  /** The next block with an `event:` line, skipping retry and comment blocks; throws at the end. */
  nextEvent(): Promise<SseMessage & { id: string; event: string; data: string }>;
  /** Every block up to the end of the stream. */
  rest(): Promise<SseMessage[]>;
  cancel(): Promise<void>;
}

export function createSseReader(stream: ReadableStream<Uint8Array>): SseReader {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const parse = createSseParser();
  const ready: SseMessage[] = [];

  const next = async (): Promise<SseMessage | undefined> => {
    while (ready.length === 0) {
      const { done, value } = await reader.read();
      if (done) return undefined;
      ready.push(...parse(decoder.decode(value, { stream: true })));
    }
    return ready.shift();
  };

  return {
    next,
    async nextEvent() {
      for (;;) {
        const message = await next();
        if (!message) throw new Error('stream ended before the next event');
        if (message.event !== undefined && message.id !== undefined && message.data !== undefined) {
          return { ...message, id: message.id, event: message.event, data: message.data };
        }
      }
    },
    async rest() {
      const all: SseMessage[] = [];
      for (let message = await next(); message; message = await next()) all.push(message);
      return all;
    },
    cancel: () => reader.cancel(),
  };
}

/** Compares two `<a>-<b>` ids numerically. */
export function compareIds(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('-').map(Number);
  const [b1 = 0, b2 = 0] = b.split('-').map(Number);
  return a1 - b1 || a2 - b2;
}
