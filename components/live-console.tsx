'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import type { User } from '@/lib/protocol/common';
import { useEventSource } from '@/lib/hooks/use-event-source';
import { useOnline } from '@/lib/hooks/use-online';
import { useReconnectingSocket } from '@/lib/hooks/use-reconnecting-socket';
import { ConnectionBadge } from './connection-badge';

interface LoggedFrame {
  key: number;
  source: 'ws' | 'sse';
  type: string;
  text: string;
}

const MAX_LOGGED = 40;
let nextKey = 0;

/**
 * The foundation's view of a signed-in user: both live connections (WebSocket and the surge
 * SSE stream) with honest status badges and the frames they carry. The rider and driver apps
 * grow from here.
 */
export function LiveConsole({ user }: { user: User }) {
  const router = useRouter();
  const online = useOnline();
  const [frames, setFrames] = useState<LoggedFrame[]>([]);
  const log = useCallback((source: LoggedFrame['source'], type: string, payload: unknown) => {
    setFrames((current) => [{ key: nextKey++, source, type, text: JSON.stringify(payload) }, ...current].slice(0, MAX_LOGGED));
  }, []);

  const socket = useReconnectingSocket({
    url: '/ws',
    getResume: () => ({ chat: {} }),
    onMessage: (frame) => {
      if (frame.type !== 'ping') log('ws', frame.type, frame);
    },
  });
  const surge = useEventSource({
    url: '/api/surge/stream',
    events: ['surge'],
    onEvent: (type, data) => log('sse', type, data),
  });

  async function signOut() {
    await fetch('/api/session', { method: 'DELETE' });
    router.replace('/');
  }

  return (
    <main className="mx-auto flex min-h-full max-w-2xl flex-col gap-4 px-4 py-6">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold text-brand">Curbside <span className="text-slate-500">· {user.role}</span></h1>
          <p className="text-sm text-slate-600">Signed in as <strong data-testid="user-name">{user.name}</strong></p>
        </div>
        <button onClick={signOut} className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100">
          Sign out
        </button>
      </header>
      <div className="flex flex-wrap gap-2" aria-label="Connection status">
        <ConnectionBadge label="Socket" status={socket.state.status} nextRetryAt={socket.state.nextRetryAt} online={online} />
        <ConnectionBadge label="Stream" status={surge.status} nextRetryAt={surge.nextRetryAt} online={online} />
      </div>
      <section aria-labelledby="frames-heading" className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="frames-heading" className="mb-2 text-sm font-semibold text-slate-700">Live frames</h2>
        {frames.length === 0 ? (
          <p className="text-sm text-slate-500">Waiting for the first frame…</p>
        ) : (
          <ol className="space-y-1 font-mono text-xs" data-testid="frames">
            {frames.map((frame) => (
              <li key={frame.key} data-source={frame.source} data-type={frame.type} className="break-all rounded bg-slate-50 px-2 py-1">
                <span className="font-semibold text-brand-dark">{frame.source} · {frame.type}</span> {frame.text}
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}
