'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ChatSheet } from '@/components/chat/chat-sheet';
import { ConnectionBadge } from '@/components/connection-badge';
import { CityMap, type MapMarker } from '@/components/map';
import { errorMessage } from '@/lib/client/http';
import { SESSION_EXPIRED_URL } from '@/lib/client/session-check';
import { surgeAt } from '@/lib/domain';
import { useLiveRide } from '@/lib/hooks/use-live-ride';
import { useOnline } from '@/lib/hooks/use-online';
import { useSessionGuard } from '@/lib/hooks/use-session-guard';
import { useSurge } from '@/lib/hooks/use-surge';
import type { LatLng, User } from '@/lib/protocol/common';
import type { Ride } from '@/lib/protocol/ride';
import { useRideStore, useRideStoreApi } from '@/lib/stores/ride-store-context';
import { isOngoing } from '@/lib/stores/ride-state';
import { RequestPanel } from './request-panel';
import { RidePanel } from './ride-panel';
import { useFramedPoints } from './use-framed-points';
import { useMyLocation } from './use-my-location';
import { useQuote } from './use-quote';

/**
 * The top badges (two rows on a phone during a ride) and the bottom ride sheet cover the map;
 * framed points stay clear of them.
 */
const FIT_INSETS = { top: 72, bottom: 260, left: 0, right: 0 };

/** The rider's app: pick a trip on the map, see the price, ride with a live car and chat. */
export function RiderApp({ user, mapStyleUrl }: { user: User; mapStyleUrl?: string }) {
  const store = useRideStoreApi();
  const router = useRouter();
  const online = useOnline();
  const live = useLiveRide();
  const surge = useSurge();
  useSessionGuard({
    attempts: [live.socket.attempt, live.rideStream.attempt, surge.status.attempt],
    onSignedOut: () => router.replace(SESSION_EXPIRED_URL),
  });
  const { ride, location } = useRideStore(useShallow((state) => ({ ride: state.ride, location: state.driverLocation })));
  const [pickup, setPickup] = useState<LatLng | null>(null);
  const [dropoff, setDropoff] = useState<LatLng | null>(null);
  const [busy, setBusy] = useState(false);
  /** The quoted road route, kept for the ride it was requested for. */
  const [tripRoute, setTripRoute] = useState<{ rideId: string; points: LatLng[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const myLocation = useMyLocation(useCallback((point: LatLng) => {
    setPickup(point);
    setDropoff(null);
  }, []));

  const planning = !ride;
  const surgeHere = surgeAt(surge.cells, ride?.pickup ?? pickup ?? { lat: 37.77, lng: -122.42 });
  const { quote, error: quoteError, loading: quoteLoading } = useQuote(planning ? pickup : null, planning ? dropoff : null, surgeHere);

  const from = ride?.pickup ?? pickup;
  const to = ride?.dropoff ?? dropoff;
  const markers = useMemo<MapMarker[]>(() => [
    ...(from ? [{ id: 'pickup', lngLat: from, kind: 'pickup' as const }] : []),
    ...(to ? [{ id: 'dropoff', lngLat: to, kind: 'dropoff' as const }] : []),
  ], [from, to]);
  const route = useMemo(() => {
    if (planning) return quote?.route ?? undefined;
    if (tripRoute && tripRoute.rideId === ride?.id) return tripRoute.points;
    return from && to ? [from, to] : undefined;
  }, [planning, quote, tripRoute, ride?.id, from, to]);
  const hexagons = useMemo(() => [...surge.cells].map(([h3, multiplier]) => ({ h3, multiplier })), [surge.cells]);
  const car = useMemo(() => (location && isOngoing(ride)
    ? { lat: location.lat, lng: location.lng, heading: location.heading, at: Date.parse(location.at) } : null), [location, ride]);
  const fitTo = useFramedPoints(from, to, ride, location);

  async function call(path: string, body?: unknown): Promise<Ride | null> {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(path, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.status === 401) {
        router.replace(SESSION_EXPIRED_URL);
        return null;
      }
      if (!response.ok) {
        setError(await errorMessage(response));
        return null;
      }
      const { ride: next } = (await response.json()) as { ride: Ride };
      store.getState().applyRide(next);
      return next;
    } catch {
      setError('Could not reach Curbside. Check your connection and try again.');
      return null;
    } finally {
      setBusy(false);
    }
  }

  const onMapClick = (point: LatLng) => {
    if (!planning) return;
    myLocation.clear();
    if (!pickup || dropoff) {
      setPickup(point);
      setDropoff(null);
    } else {
      setDropoff(point);
    }
  };

  return (
    <main className="fixed inset-0 flex flex-col">
      <div className="absolute inset-0">
      <CityMap
        styleUrl={mapStyleUrl}
        label="Map: tap to choose pickup and destination"
        onMapClick={onMapClick}
        markers={markers}
        route={route}
        car={car}
        hexagons={hexagons}
        fitTo={fitTo}
        fitInsets={FIT_INSETS}
        controlsPosition="top-right"
        fallbackHint="request a ride once the map is back; reload to try again."
      />
      </div>
      {location && <span hidden data-testid="driver-fix" data-lat={location.lat} data-lng={location.lng} data-at={location.at} />}
      {/* The right padding keeps the badges off the map's zoom buttons (top right): the ride sheet
          covers the bottom corners on a phone. */}
      <header className="pointer-events-none relative z-10 flex flex-wrap items-start gap-2 p-3 pr-14">
        <div className="pointer-events-auto flex flex-wrap gap-2" aria-label="Connection status">
          <ConnectionBadge label="Socket" status={live.socket.status} nextRetryAt={live.socket.nextRetryAt} online={online} />
          <ConnectionBadge label="Surge" status={surge.status.status} nextRetryAt={surge.status.nextRetryAt} online={online} />
          {ride && <ConnectionBadge label="Ride" status={live.rideStream.status} nextRetryAt={live.rideStream.nextRetryAt} online={online} />}
        </div>
      </header>
      {/* Only the cards take taps: the padding and the row beside the Chat button are map. */}
      <section aria-label="Your ride" className="pointer-events-none relative z-10 mt-auto space-y-3 p-3 sm:mx-auto sm:w-[420px]">
        {ride && ['accepted', 'arrived', 'in_progress'].includes(ride.status) && (
          <div className="flex justify-end *:pointer-events-auto"><ChatSheet onSend={live.sendChat} selfRole="rider" /></div>
        )}
        <div className="pointer-events-auto rounded-2xl bg-white p-4 shadow-xl ring-1 ring-slate-200">
          {/* The surge note sits in the sheet, next to the fare it changes: as a third row of the
              header it covered the pickup pin on a phone. */}
          <div className="mb-2 flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <p className="text-xs text-slate-500">Signed in as <strong data-testid="user-name">{user.name}</strong></p>
            {surgeHere > 1 && (
              <p role="status" data-testid="surge-banner" className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-amber-300">
                Busy here: fares are {surgeHere.toFixed(1)}× right now
              </p>
            )}
          </div>
          {planning ? (
            <RequestPanel
              pickup={pickup}
              dropoff={dropoff}
              quote={quote}
              quoteError={quoteError}
              quoteLoading={quoteLoading}
              requesting={busy}
              requestError={error}
              onReset={() => { setPickup(null); setDropoff(null); setError(null); }}
              onUseMyLocation={() => void myLocation.locate()}
              locating={myLocation.locating}
              locationError={myLocation.error}
              onRequest={() => pickup && dropoff && void call('/api/rides', { pickup, dropoff }).then((next) => {
                if (!next) return;
                if (quote?.route) setTripRoute({ rideId: next.id, points: quote.route });
                setPickup(null);
                setDropoff(null);
              })}
            />
          ) : (
            <RidePanel cancelling={busy} error={error} onCancel={() => ride && void call(`/api/rides/${ride.id}/cancel`)} />
          )}
        </div>
      </section>
    </main>
  );
}
