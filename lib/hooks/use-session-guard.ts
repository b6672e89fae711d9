'use client';

import { useEffect, useLayoutEffect, useRef } from 'react';
import { type FetchLike, checkSession, sessionCheckDue } from '@/lib/client/session-check';

export interface UseSessionGuardOptions {
  /** Consecutive failed attempts of each live connection (socket, streams). */
  attempts: readonly number[];
  /** Called once the server says the session is gone (e.g. to go back to sign-in). */
  onSignedOut: () => void;
  /** For tests; defaults to the browser's fetch. */
  fetchImpl?: FetchLike;
}

/**
 * Sends the page back to sign-in when its session has expired under live connections.
 *
 * The browser hides a 401 on a WebSocket upgrade and an EventSource simply closes, so those
 * clients would back off for ever. After a connection has failed twice in a row, and again at
 * each further failure (paced by its backoff), this asks `GET /api/session`; a 401 there calls
 * `onSignedOut`. A failed check (offline, server down) changes nothing.
 */
export function useSessionGuard({ attempts, onSignedOut, fetchImpl }: UseSessionGuardOptions): void {
  const due = sessionCheckDue(attempts);
  const latest = useRef({ onSignedOut, fetchImpl });
  useLayoutEffect(() => {
    latest.current = { onSignedOut, fetchImpl };
  });

  useEffect(() => {
    if (!due) return;
    let cancelled = false;
    void checkSession(latest.current.fetchImpl).then((status) => {
      if (!cancelled && status === 'signed-out') latest.current.onSignedOut();
    });
    return () => {
      cancelled = true;
    };
  }, [due]);
}
