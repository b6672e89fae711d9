'use client';

import { useEffect, useMemo, useState } from 'react';
import { type RoadGraph } from '@/lib/city/road-graph';
import type { LatLng } from '@/lib/protocol/common';
import { type Offer } from '@/lib/stores/offer-state';
import { CountdownRing } from './countdown-ring';
import { CLOSE_REASON_TEXT, formatDistance, formatDuration, formatFare, formatPlace } from './format';
import { routeBetween, roundPoint } from './routing';

/** How long a closed offer stays on screen with its reason. */
export const CLOSED_OFFER_MS = 3000;

interface OfferPanelProps {
  offer: Offer;
  self: LatLng | null;
  graph: RoadGraph | null;
  onAccept(offerId: string): void;
  onDecline(offerId: string): void;
  onForget(offerId: string): void;
}

/** A trip request: where, how far, what it pays, the server's countdown, Accept / Decline. */
export function OfferPanel({ offer, self, graph, onAccept, onDecline, onForget }: OfferPanelProps) {
  const [answered, setAnswered] = useState<'accept' | 'decline' | null>(null);
  const [expired, setExpired] = useState(false);
  const { ride, closed, offerId } = offer;

  useEffect(() => {
    if (!closed) return;
    const timer = setTimeout(() => onForget(offerId), CLOSED_OFFER_MS);
    return () => clearTimeout(timer);
  }, [closed, offerId, onForget]);

  // Rounded (~10 m), so the road route is not recomputed for every metre the car moves.
  const fromLat = self ? roundPoint(self).lat : null;
  const fromLng = self ? roundPoint(self).lng : null;
  const toPickup = useMemo(
    () => (fromLat === null || fromLng === null ? null : routeBetween(graph, { lat: fromLat, lng: fromLng }, ride.pickup)),
    [graph, fromLat, fromLng, ride.pickup],
  );
  const trip = useMemo(() => routeBetween(graph, ride.pickup, ride.dropoff), [graph, ride.pickup, ride.dropoff]);
  const busy = answered !== null || expired;

  return (
    <section
      data-testid="offer-panel"
      data-offer-id={offerId}
      data-ride-id={ride.id}
      data-closed={closed ?? undefined}
      aria-labelledby="offer-heading"
      className="space-y-4"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="offer-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-600">New trip request</h2>
          <p className="mt-1 text-2xl font-bold text-ink" data-testid="offer-fare">{formatFare(ride.fare, ride.surge)}</p>
          <p className="text-sm text-slate-700">{formatDistance(trip.distanceMeters)} trip · {formatDuration(trip.durationSeconds)}</p>
        </div>
        {!closed && <CountdownRing expiresAt={offer.expiresAt} onExpiredChange={setExpired} />}
      </div>

      <ol className="space-y-2 text-sm">
        <li className="flex items-start gap-3">
          <span aria-hidden className="mt-1 h-3 w-3 shrink-0 rounded-full bg-emerald-600 ring-2 ring-emerald-200" />
          <div>
            <p className="font-semibold text-ink">
              Pickup{toPickup ? ` · ${formatDistance(toPickup.distanceMeters)} away (${formatDuration(toPickup.durationSeconds)})` : ''}
            </p>
            <p className="text-slate-600" data-testid="offer-pickup">{formatPlace(ride.pickup)}</p>
          </div>
        </li>
        <li className="flex items-start gap-3">
          <span aria-hidden className="mt-1 h-3 w-3 shrink-0 rounded-sm bg-slate-900 ring-2 ring-slate-300" />
          <div>
            <p className="font-semibold text-ink">Drop-off</p>
            <p className="text-slate-600" data-testid="offer-dropoff">{formatPlace(ride.dropoff)}</p>
          </div>
        </li>
      </ol>

      {closed ? (
        <p role="status" data-testid="offer-closed" className={`rounded-xl px-4 py-3 text-center text-base font-semibold ${closed === 'accepted' ? 'bg-emerald-100 text-emerald-900' : 'bg-slate-100 text-slate-800'}`}>
          {CLOSE_REASON_TEXT[closed]}
        </p>
      ) : (
        <div className="grid grid-cols-[1fr_2fr] gap-3">
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setAnswered('decline');
              onDecline(offerId);
            }}
            className="rounded-xl bg-white px-4 py-3 text-base font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40 disabled:opacity-50"
          >
            Decline
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setAnswered('accept');
              onAccept(offerId);
            }}
            className="rounded-xl bg-brand px-4 py-3 text-base font-semibold text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40 disabled:opacity-50"
          >
            {answered === 'accept' ? 'Accepting…' : 'Accept'}
          </button>
        </div>
      )}
    </section>
  );
}
