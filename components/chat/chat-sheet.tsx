'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useRideStore } from '@/lib/stores/ride-store-context';

const QUICK_REPLIES = {
  rider: ["I'm at the pickup", 'Running 2 minutes late', 'Where are you?'],
  driver: ["I'm here", 'On my way', 'Traffic, 2 more minutes'],
} as const;

/**
 * Chat with the other person on the ride: a button with the unread count that opens a sheet.
 * Own messages show at once as "sending" and are confirmed by the server's ack; messages are
 * ordered by the server's seq, never by arrival.
 */
export function ChatSheet({ onSend, selfRole }: { onSend: (body: string, clientId?: string) => void; selfRole: 'rider' | 'driver' }) {
  const { open, unread, lastSeq } = useRideStore(useShallow((state) => ({ open: state.chat.open, unread: state.chat.unread, lastSeq: state.chat.lastSeq })));
  const openChat = useRideStore((state) => state.openChat);
  const other = selfRole === 'rider' ? 'driver' : 'rider';

  if (!open) {
    return (
      <button
        type="button"
        data-testid="chat-toggle"
        data-last-seq={lastSeq}
        onClick={() => openChat(true)}
        aria-label={unread > 0 ? `Chat with your ${other}, ${unread} unread` : `Chat with your ${other}`}
        className="relative rounded-full bg-white px-4 py-2 text-sm font-semibold text-ink shadow ring-1 ring-slate-200 hover:bg-slate-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40"
      >
        Chat
        {unread > 0 && (
          <span data-testid="chat-unread" className="absolute -right-1 -top-1 min-w-5 rounded-full bg-red-600 px-1.5 text-xs font-bold text-white">
            {unread}
          </span>
        )}
      </button>
    );
  }
  return <OpenSheet onSend={onSend} selfRole={selfRole} other={other} onClose={() => openChat(false)} />;
}

function OpenSheet({ onSend, selfRole, other, onClose }: {
  onSend: (body: string, clientId?: string) => void; selfRole: 'rider' | 'driver'; other: string; onClose: () => void;
}) {
  const { messages, pending, selfId } = useRideStore(useShallow((state) => ({
    messages: state.chat.messages, pending: state.chat.pending, selfId: state.selfId,
  })));
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [messages.length, pending.length]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    onSend(body.slice(0, 1000));
    setDraft('');
  }

  return (
    <section aria-label={`Chat with your ${other}`} className="flex max-h-[60vh] w-full flex-col rounded-2xl bg-white shadow-xl ring-1 ring-slate-200">
      <header className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
        <h2 className="text-sm font-semibold">Chat with your {other}</h2>
        <button type="button" onClick={onClose} className="rounded-lg px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand">
          Close
        </button>
      </header>
      <ol ref={list} className="flex-1 space-y-2 overflow-y-auto px-4 py-3" data-testid="chat-messages">
        {messages.length === 0 && pending.length === 0 && <li className="text-sm text-slate-500">No messages yet.</li>}
        {messages.map((message) => (
          <li key={message.seq} data-testid="chat-message" data-seq={message.seq} className={message.from === selfId ? 'text-right' : ''}>
            <span className={`inline-block max-w-[80%] rounded-2xl px-3 py-2 text-sm ${message.from === selfId ? 'bg-brand text-white' : 'bg-slate-100 text-ink'}`}>
              {message.body}
            </span>
          </li>
        ))}
        {pending.map((message) => (
          <li key={message.clientId} data-testid="chat-pending" className="text-right">
            {/* Paler than a sent message, still 4.5:1 for its white text. */}
            <span className="inline-block max-w-[80%] rounded-2xl bg-teal-800/80 px-3 py-2 text-sm text-white">{message.body}</span>
            <span className="block text-xs text-slate-600">
              {message.status === 'sending' ? 'Sending…' : (
                <>
                  Not sent{message.error ? ` (${message.error})` : ''}.{' '}
                  <button type="button" className="font-semibold text-brand-dark underline" onClick={() => onSend(message.body, message.clientId)}>Retry</button>
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
      {/* Wrapped, not scrolled sideways: a phone would cut the last reply off mid-word. */}
      <div role="group" className="flex flex-wrap gap-2 px-4 pb-2" aria-label="Quick replies">
        {QUICK_REPLIES[selfRole].map((reply) => (
          <button key={reply} type="button" onClick={() => onSend(reply)} className="shrink-0 rounded-full bg-slate-100 px-3 py-1 text-xs font-medium text-slate-800 hover:bg-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand">
            {reply}
          </button>
        ))}
      </div>
      <form onSubmit={submit} className="flex gap-2 border-t border-slate-100 p-3">
        <label htmlFor="chat-input" className="sr-only">Message</label>
        <input
          id="chat-input"
          value={draft}
          maxLength={1000}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="Message"
          className="min-w-0 flex-1 rounded-xl border border-slate-300 px-3 py-2 text-base outline-none focus:border-brand focus:ring-2 focus:ring-brand/40"
        />
        <button type="submit" disabled={!draft.trim()} className="rounded-xl bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark disabled:opacity-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40">
          Send
        </button>
      </form>
    </section>
  );
}
