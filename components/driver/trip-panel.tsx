'use client';

import { useEffect, useState } from 'react';
import type { Ride } from '@/lib/protocol/ride';
import { formatDistance, formatDuration, formatFare, formatMoney, formatPlace, STATUS_TEXT } from './format';
import { type RouteSummary } from './routing';

/** The driver's step for each status, as a button label and its frame. */
const STEPS = {
  accepted: { label: 'Arrived', frame: 'ride.arrived' },
  arrived: { label: 'Start trip', frame: 'ride.start' },
  in_progress: { label: 'Complete trip', frame: 'ride.complete' },
} as const;

export type DriverStepFrame = (typeof STEPS)[keyof typeof STEPS]['frame'];

/** A pressed step waits this long for the server's `ride` update before the button is usable again. */
const STEP_RETRY_MS = 5000;

interface TripPanelProps {
  ride: Ride;
  riderName: string | null;
  /** The route on screen (to the pickup, or to the drop-off), if any. */
  route: RouteSummary | null;
  onStep(frame: DriverStepFrame, rideId: string): void;
  onDone(): void;
}

/** The trip in progress: who, where to, and the one next step; then a summary or the cancellation. */
export function TripPanel({ ride, riderName, route, onStep, onDone }: TripPanelProps) {
  const rider = riderName ?? 'Your rider';
  if (ride.status === 'completed') return <TripSummary ride={ride} rider={rider} onDone={onDone} />;
  if (ride.status === 'cancelled' || ride.status === 'expired') {
    return (
      <section data-testid="trip-panel" aria-labelledby="trip-heading" className="space-y-4">
        <h2 id="trip-heading" className="text-lg font-bold text-ink">Trip cancelled</h2>
        <p role="alert" data-testid="ride-status" data-status={ride.status} className="rounded-xl bg-amber-50 px-4 py-3 text-base text-amber-950 ring-1 ring-amber-200">
          {rider} cancelled this trip. You are free for new requests.
        </p>
        <DoneButton label="OK" onDone={onDone} />
      </section>
    );
  }
  const step = ride.status in STEPS ? STEPS[ride.status as keyof typeof STEPS] : null;
  const toPickup = ride.status !== 'in_progress';
  return (
    <section data-testid="trip-panel" aria-labelledby="trip-heading" className="space-y-4">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="trip-heading" className="truncate text-xl font-bold text-ink" data-testid="rider-name">{rider}</h2>
          <p className="text-sm text-slate-700">{formatFare(ride.fare, ride.surge)}</p>
        </div>
        <p role="status" data-testid="ride-status" data-status={ride.status} className="shrink-0 rounded-full bg-teal-50 px-3 py-1 text-sm font-semibold text-brand-dark ring-1 ring-teal-200">
          {STATUS_TEXT[ride.status]}
        </p>
      </div>
      <div className="flex items-start gap-3 text-sm">
        <span aria-hidden className={`mt-1 h-3 w-3 shrink-0 ring-2 ${toPickup ? 'rounded-full bg-emerald-600 ring-emerald-200' : 'rounded-sm bg-slate-900 ring-slate-300'}`} />
        <div>
          <p className="font-semibold text-ink">
            {toPickup ? 'Pickup' : 'Drop-off'}
            {route && ride.status !== 'arrived' ? ` · ${formatDistance(route.distanceMeters)} (${formatDuration(route.durationSeconds)})` : ''}
          </p>
          <p className="text-slate-600">{formatPlace(toPickup ? ride.pickup : ride.dropoff)}</p>
        </div>
      </div>
      {step && <StepButton key={ride.status} label={step.label} onPress={() => onStep(step.frame, ride.id)} />}
    </section>
  );
}

/** The next step; disabled after a press until the status moves on (or a retry window passes). */
function StepButton({ label, onPress }: { label: string; onPress(): void }) {
  const [pressed, setPressed] = useState(false);
  useEffect(() => {
    if (!pressed) return;
    const timer = setTimeout(() => setPressed(false), STEP_RETRY_MS);
    return () => clearTimeout(timer);
  }, [pressed]);
  return (
    <button
      type="button"
      disabled={pressed}
      onClick={() => {
        setPressed(true);
        onPress();
      }}
      className="w-full rounded-xl bg-brand px-4 py-3.5 text-lg font-semibold text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40 disabled:opacity-60"
    >
      {label}
    </button>
  );
}

function TripSummary({ ride, rider, onDone }: { ride: Ride; rider: string; onDone(): void }) {
  return (
    <section data-testid="trip-panel" aria-labelledby="trip-heading" className="space-y-4 text-center">
      <h2 id="trip-heading" className="text-lg font-bold text-ink" data-testid="ride-status" data-status={ride.status}>
        Trip completed
      </h2>
      <div data-testid="trip-summary">
        <p className="text-sm text-slate-600">You earned</p>
        <p className="text-4xl font-bold text-ink">{formatMoney(ride.fare)}</p>
        <p className="mt-1 text-sm text-slate-700">
          {ride.surge > 1.001 ? `Includes ${ride.surge.toFixed(1)}× surge · ` : ''}Trip with {rider}
        </p>
      </div>
      <DoneButton label="Done" onDone={onDone} />
    </section>
  );
}

function DoneButton({ label, onDone }: { label: string; onDone(): void }) {
  return (
    <button
      type="button"
      onClick={onDone}
      className="w-full rounded-xl bg-ink px-4 py-3 text-base font-semibold text-white hover:bg-slate-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40"
    >
      {label}
    </button>
  );
}
