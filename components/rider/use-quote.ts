'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/client/http';
import { SESSION_EXPIRED_URL } from '@/lib/client/session-check';
import type { LatLng } from '@/lib/protocol/common';

export interface Quote {
  surge: number;
  fare: { amount: number; currency: string };
  distanceMeters: number;
  durationSeconds: number;
  route: LatLng[] | null;
}

/**
 * The server's price for a trip now (`POST /api/quote`), refreshed when the points or the
 * pickup's live surge change, so the rider sees what they will pay before committing.
 */
export function useQuote(pickup: LatLng | null, dropoff: LatLng | null, surgeNow: number) {
  const router = useRouter();
  const [result, setResult] = useState<{ key: string; quote: Quote | null; error: string | null } | null>(null);
  const key = pickup && dropoff ? `${pickup.lat},${pickup.lng};${dropoff.lat},${dropoff.lng};${surgeNow}` : null;

  useEffect(() => {
    if (!key || !pickup || !dropoff) return;
    const controller = new AbortController();
    fetch('/api/quote', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pickup, dropoff }),
      signal: controller.signal,
    })
      .then(async (response) => {
        if (response.status === 401) return router.replace(SESSION_EXPIRED_URL);
        if (!response.ok) return setResult({ key, quote: null, error: await errorMessage(response) });
        setResult({ key, quote: ((await response.json()) as { quote: Quote }).quote, error: null });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setResult({ key, quote: null, error: error instanceof Error ? 'Could not get a price; check your connection.' : String(error) });
      });
    return () => controller.abort();
    // The key captures pickup, dropoff and surge by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const current = result?.key === key ? result : null;
  return { quote: current?.quote ?? null, error: current?.error ?? null, loading: key !== null && current === null };
}
