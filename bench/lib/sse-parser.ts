/**
 * An incremental Server-Sent Events parser (the WHATWG "event stream interpretation"), fed
 * string chunks as they arrive from a socket. Chunks may split anywhere, including between the
 * CR and LF of a CRLF. Only what a load generator needs: events, comments and `retry`.
 */

export interface SseMessage {
  /** The `event:` field, `message` when absent. */
  type: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The `id:` field of this event, or undefined when it carried none. */
  id: string | undefined;
}

export interface SseParserHandlers {
  onEvent(message: SseMessage): void;
  onComment?(text: string): void;
  onRetry?(ms: number): void;
}

export interface SseParser {
  /** Parses a chunk; events complete in it are dispatched before this returns. */
  feed(chunk: string): void;
  /** The `id:` of the last whole event that carried one (the value a reconnect sends as `Last-Event-ID`). */
  readonly lastEventId: string;
  /** Drops a partial line and partial event (after a disconnect). */
  reset(): void;
}

export function createSseParser(handlers: SseParserHandlers): SseParser {
  let buffer = '';
  // A chunk that ended in CR: a LF at the start of the next chunk belongs to that line end.
  let skipLeadingLf = false;
  let data: string[] = [];
  let type = '';
  let id: string | undefined;
  let lastEventId = '';

  const dispatch = (): void => {
    // The id counts from here, when its event is whole (WHATWG: "dispatch the event", step 1),
    // even with no data; an event cut off by a disconnect never moves it, so the reconnect
    // asks again for what it did not fully receive.
    if (id !== undefined) lastEventId = id;
    if (data.length > 0) handlers.onEvent({ type: type || 'message', data: data.join('\n'), id });
    data = [];
    type = '';
    id = undefined;
  };

  const line = (text: string): void => {
    if (text === '') return dispatch();
    if (text.charCodeAt(0) === 58 /* : */) {
      handlers.onComment?.(text.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        break;
      case 'event':
        type = value;
        break;
      case 'id':
        if (!value.includes('\0')) id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
      default:
        break;
    }
  };

  return {
    feed(chunk) {
      let text = buffer + chunk;
      if (skipLeadingLf && text.charCodeAt(0) === 10) text = text.slice(1);
      skipLeadingLf = false;
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code !== 10 && code !== 13) continue;
        line(text.slice(start, i));
        if (code === 13) {
          if (i + 1 === text.length) skipLeadingLf = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      buffer = text.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
    reset() {
      buffer = '';
      skipLeadingLf = false;
      data = [];
      type = '';
      id = undefined;
    },
  };
}
