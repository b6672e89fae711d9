'use client';

import type { LatLng } from '@/lib/protocol/common';
import { km, minutes, money } from './format';
import type { Quote } from './use-quote';

export interface RequestPanelProps {
  pickup: LatLng | null;
  dropoff: LatLng | null;
  quote: Quote | null;
  quoteError: string | null;
  quoteLoading: boolean;
  requesting: boolean;
  requestError: string | null;
  onRequest(): void;
  onReset(): void;
  /** "Use my location" for the pickup, and its progress or why it failed. */
  onUseMyLocation(): void;
  locating: boolean;
  locationError: string | null;
}

/** Before a ride: pick the two points on the map, see the price (with surge), request. */
export function RequestPanel(props: RequestPanelProps) {
  const { pickup, dropoff, quote } = props;
  if (!pickup || !dropoff) {
    return (
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">Where to?</h2>
        <p className="text-sm text-slate-600" data-testid="request-hint">
          {!pickup ? 'Tap the map to set your pickup.' : 'Now tap your destination.'}
        </p>
        {!pickup && (
          <button
            type="button"
            onClick={props.onUseMyLocation}
            disabled={props.locating}
            className="mt-1 inline-flex items-center gap-2 rounded-full px-3 py-1.5 text-sm font-semibold text-brand-dark ring-1 ring-teal-300 hover:bg-teal-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40 disabled:opacity-60"
          >
            <span aria-hidden>◎</span>
            {props.locating ? 'Finding you…' : 'Use my location'}
          </button>
        )}
        {props.locationError && <p role="alert" data-testid="location-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{props.locationError}</p>}
        {pickup && <button type="button" onClick={props.onReset} className="text-sm font-medium text-brand-dark underline">Start over</button>}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <h2 className="text-lg font-semibold">Curbside ride</h2>
        <p className="text-xl font-bold" data-testid="quote-fare">
          {quote ? money(quote.fare) : props.quoteLoading ? '…' : '—'}
        </p>
      </div>
      {quote && (
        <p className="text-sm text-slate-600">
          {km(quote.distanceMeters)} · about {minutes(quote.durationSeconds)}
          {quote.surge > 1 && <span className="ml-2 font-semibold text-amber-800">{quote.surge.toFixed(1)}× surge</span>}
        </p>
      )}
      {(props.quoteError || props.requestError) && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{props.requestError ?? props.quoteError}</p>
      )}
      <div className="flex gap-2">
        <button type="button" onClick={props.onReset} className="rounded-xl px-4 py-3 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40">
          Change
        </button>
        <button
          type="button"
          onClick={props.onRequest}
          disabled={!quote || props.requesting}
          className="flex-1 rounded-xl bg-brand px-4 py-3 text-base font-semibold text-white hover:bg-brand-dark disabled:opacity-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40"
        >
          {props.requesting ? 'Requesting…' : 'Request ride'}
        </button>
      </div>
    </div>
  );
}
