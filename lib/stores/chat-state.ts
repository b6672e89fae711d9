/**
 * Chat as the client holds it: confirmed messages ordered by `seq` without duplicates, the
 * user's own messages still "sending" (keyed by `clientId`), and what `resume` must ask for.
 * Pure functions: the store calls them, tests call them directly.
 */
import type { ChatMessage } from '@/lib/protocol/ws-messages';

export interface PendingMessage {
  clientId: string;
  body: string;
  status: 'sending' | 'failed';
  error?: string;
}

export interface ChatState {
  rideId: string | null;
  /** Confirmed messages, ascending by seq, one per seq. */
  messages: readonly ChatMessage[];
  /** Own messages sent but not yet confirmed by the server. */
  pending: readonly PendingMessage[];
  /**
   * The highest seq such that every message 1..lastSeq is here: what `resume` sends, so a
   * hole (a message missed while offline) is always replayed.
   */
  lastSeq: number;
  /** The highest seq the user has seen with the chat open (kept across reloads by the store). */
  readSeq: number;
  /** Messages from the other side after `readSeq`, while the chat is closed. */
  unread: number;
  open: boolean;
}

export const emptyChat = (rideId: string | null = null, readSeq = 0): ChatState => ({
  rideId, messages: [], pending: [], lastSeq: 0, readSeq, unread: 0, open: false,
});

const lastSeqOf = (messages: readonly ChatMessage[]): number => messages.at(-1)?.seq ?? 0;

/** Open: everything is read. Closed: the other side's messages after readSeq are unread. */
function withReadState(state: ChatState, selfId: string): ChatState {
  if (state.open) {
    const readSeq = Math.max(state.readSeq, lastSeqOf(state.messages));
    return readSeq === state.readSeq && state.unread === 0 ? state : { ...state, readSeq, unread: 0 };
  }
  const unread = state.messages.filter((m) => m.seq > state.readSeq && m.from !== selfId).length;
  return unread === state.unread ? state : { ...state, unread };
}

function contiguousFrom(lastSeq: number, messages: readonly ChatMessage[]): number {
  let seq = lastSeq;
  for (const message of messages) {
    if (message.seq === seq + 1) seq++;
    else if (message.seq > seq + 1) break;
  }
  return seq;
}

/** Adds a confirmed message (live, resumed or acked). Duplicates and other rides' messages are ignored. */
export function receiveMessage(state: ChatState, message: ChatMessage, selfId: string): ChatState {
  if (state.rideId !== message.rideId) return state;
  const pending = state.pending.filter((p) => !(message.from === selfId && p.clientId === message.clientId));
  if (state.messages.some((m) => m.seq === message.seq)) return pending.length === state.pending.length ? state : { ...state, pending };
  const messages = [...state.messages, message].sort((a, b) => a.seq - b.seq);
  // A message replayed after a reload that the user had already read is not unread again.
  return withReadState({ ...state, messages, pending, lastSeq: contiguousFrom(state.lastSeq, messages) }, selfId);
}

/** Shows an own message at once, as "sending". Re-sending a failed one marks it sending again. */
export function addPending(state: ChatState, clientId: string, body: string): ChatState {
  const others = state.pending.filter((p) => p.clientId !== clientId);
  return { ...state, pending: [...others, { clientId, body, status: 'sending' }] };
}

export function failPending(state: ChatState, clientId: string, error: string): ChatState {
  return { ...state, pending: state.pending.map((p) => (p.clientId === clientId ? { ...p, status: 'failed', error } : p)) };
}

export function setChatOpen(state: ChatState, open: boolean, selfId: string): ChatState {
  return withReadState({ ...state, open }, selfId);
}
