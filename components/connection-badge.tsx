'use client';

import { useEffect, useState } from 'react';

export interface ConnectionBadgeProps {
  label: string;
  status: 'connecting' | 'open' | 'closed';
  nextRetryAt: number | null;
  online: boolean;
}

/** Live / Reconnecting (with the next attempt) / Offline, telling the truth about one connection. */
export function ConnectionBadge({ label, status, nextRetryAt, online }: ConnectionBadgeProps) {
  const now = useNow(nextRetryAt !== null);
  let text: string;
  let tone: string;
  if (status === 'open') {
    text = 'Live';
    tone = 'bg-emerald-100 text-emerald-900 ring-emerald-300';
  } else if (!online) {
    text = 'Offline';
    tone = 'bg-slate-200 text-slate-800 ring-slate-300';
  } else {
    const seconds = nextRetryAt === null ? null : Math.max(0, Math.ceil((nextRetryAt - now) / 1000));
    if (status === 'connecting' && nextRetryAt === null) text = 'Connecting…';
    else text = seconds === null || seconds === 0 ? 'Reconnecting…' : `Reconnecting in ${seconds}s`;
    tone = 'bg-amber-100 text-amber-900 ring-amber-300';
  }
  return (
    <span
      role="status"
      data-testid={`badge-${label.toLowerCase()}`}
      data-status={status === 'open' ? 'live' : online ? 'reconnecting' : 'offline'}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ${tone}`}
    >
      <span aria-hidden className={`h-2 w-2 rounded-full ${status === 'open' ? 'bg-emerald-600' : 'bg-current opacity-60'}`} />
      {label}: {text}
    </span>
  );
}

/** Re-renders every second while a countdown is shown. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
