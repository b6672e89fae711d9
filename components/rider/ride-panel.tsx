'use client';

import { useShallow } from 'zustand/react/shallow';
import { useRideStore } from '@/lib/stores/ride-store-context';
import { etaSeconds, minutes, money } from './format';

const TITLES: Record<string, string> = {
  requested: 'Finding a driver…',
  accepted: 'Your driver is on the way',
  arrived: 'Your driver has arrived',
  in_progress: 'On trip',
  completed: 'You have arrived',
  cancelled: 'Ride cancelled',
  expired: 'No driver was available',
};

/** The ride's status, live: finding a driver, the driver card with ETA, on trip, the summary. */
export function RidePanel({ onCancel, cancelling, error }: { onCancel(): void; cancelling: boolean; error: string | null }) {
  const { ride, location, driverName } = useRideStore(useShallow((state) => ({
    ride: state.ride, location: state.driverLocation, driverName: state.names.driver,
  })));
  const dismiss = useRideStore((state) => state.dismissRide);
  if (!ride) return null;
  const canCancel = ['requested', 'accepted', 'arrived'].includes(ride.status);
  const finished = ['completed', 'cancelled', 'expired'].includes(ride.status);
  const target = ride.status === 'in_progress' ? ride.dropoff : ride.pickup;
  const eta = location && ['accepted', 'in_progress'].includes(ride.status) ? minutes(etaSeconds(location, target)) : null;

  return (
    <div className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold" data-testid="ride-status" data-status={ride.status}>{TITLES[ride.status]}</h2>
        {ride.status === 'requested' && <p className="text-sm text-slate-600">We are asking the nearest drivers. This usually takes under a minute.</p>}
        {ride.driverId && !finished && (
          <p className="text-sm text-slate-700" data-testid="driver-card">
            <strong>{driverName ?? 'Your driver'}</strong>
            {eta && <> · {ride.status === 'in_progress' ? 'arriving in' : 'pickup in'} about {eta}</>}
          </p>
        )}
        {ride.status === 'completed' && <p className="text-sm text-slate-700" data-testid="ride-summary">Fare {money(ride.fare)}{ride.surge > 1 ? ` (${ride.surge.toFixed(1)}× surge)` : ''}. Thanks for riding with Curbside.</p>}
        {ride.status === 'expired' && <p className="text-sm text-slate-700">Please try again in a moment.</p>}
      </div>
      {error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      {canCancel && (
        <button type="button" onClick={onCancel} disabled={cancelling} className="w-full rounded-xl px-4 py-3 text-sm font-semibold text-red-800 ring-1 ring-red-200 hover:bg-red-50 disabled:opacity-50 focus:outline-none focus-visible:ring-4 focus-visible:ring-red-300">
          {cancelling ? 'Cancelling…' : 'Cancel ride'}
        </button>
      )}
      {finished && (
        <button type="button" onClick={dismiss} className="w-full rounded-xl bg-brand px-4 py-3 text-base font-semibold text-white hover:bg-brand-dark focus:outline-none focus-visible:ring-4 focus-visible:ring-brand/40">
          Done
        </button>
      )}
    </div>
  );
}
