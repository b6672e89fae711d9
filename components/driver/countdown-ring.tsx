'use client';

import { useEffect, useState } from 'react';

const TICK_MS = 250;
const SIZE = 64;
const RADIUS = 28;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * Seconds left on an offer, from the server's deadline. The ring's full length is the time
 * from when this offer was first shown to its deadline; what is left is always
 * `expiresAt − now`, never a client-side guess.
 */
export function CountdownRing({ expiresAt, onExpiredChange }: { expiresAt: string; onExpiredChange?: (expired: boolean) => void }) {
  const deadline = Date.parse(expiresAt);
  const [shownAt] = useState(() => Date.now());
  const [now, setNow] = useState(shownAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const remainingMs = Math.max(0, deadline - now);
  const totalMs = Math.max(1, deadline - shownAt);
  const seconds = Math.ceil(remainingMs / 1000);
  const fraction = Math.min(1, remainingMs / totalMs);
  const urgent = seconds <= 5;
  const expired = remainingMs <= 0;
  useEffect(() => {
    onExpiredChange?.(expired);
  }, [expired, onExpiredChange]);

  return (
    <div className="relative h-16 w-16 shrink-0" role="timer" aria-label={`${seconds} seconds left to accept`}>
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} aria-hidden className="-rotate-90">
        <circle cx={SIZE / 2} cy={SIZE / 2} r={RADIUS} fill="none" strokeWidth="6" className="stroke-slate-200" />
        <circle
          cx={SIZE / 2}
          cy={SIZE / 2}
          r={RADIUS}
          fill="none"
          strokeWidth="6"
          strokeLinecap="round"
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={CIRCUMFERENCE * (1 - fraction)}
          className={`transition-[stroke-dashoffset] duration-250 ease-linear ${urgent ? 'stroke-red-600' : 'stroke-brand'}`}
        />
      </svg>
      <span
        data-testid="offer-countdown"
        aria-hidden
        className={`absolute inset-0 flex items-center justify-center text-xl font-bold tabular-nums ${urgent ? 'text-red-700' : 'text-ink'}`}
      >
        {seconds}
      </span>
    </div>
  );
}
