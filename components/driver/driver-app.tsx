'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ChatSheet } from '@/components/chat/chat-sheet';
import { SESSION_EXPIRED_URL } from '@/lib/client/session-check';
import { type RequestError, useLiveRide } from '@/lib/hooks/use-live-ride';
import { useOnline } from '@/lib/hooks/use-online';
import { useSessionGuard } from '@/lib/hooks/use-session-guard';
import { useSurge } from '@/lib/hooks/use-surge';
import type { User } from '@/lib/protocol/common';
import { currentOffer } from '@/lib/stores/offer-state';
import { isOngoing } from '@/lib/stores/ride-state';
import { useRideStore } from '@/lib/stores/ride-store-context';
import { DriverMap } from './driver-map';
import { DriverTopBar } from './driver-top-bar';
import { IdleCard } from './idle-card';
import { OfferPanel } from './offer-panel';
import { TripPanel, type DriverStepFrame } from './trip-panel';
import { useDriverPosition } from './use-driver-position';
import { useDriverTrip, useMotionPlan } from './use-driver-trip';
import { useLocationReporter } from './use-location-reporter';
import { useRoadGraph } from './use-road-graph';
import { useStayOnline } from './use-stay-online';

/** The driver app: a full-screen map, the Online switch, and the offer or trip sheet. */
export function DriverApp({ user }: { user: User }) {
  const router = useRouter();
  const networkOnline = useOnline();
  // A refused request (a step, an accept) is said on screen, and its button is usable again.
  const [refused, setRefused] = useState<{ error: RequestError; count: number } | null>(null);
  const { socket, rideStream, send, sendChat } = useLiveRide({
    onRequestError: (error) => setRefused((last) => ({ error, count: (last?.count ?? 0) + 1 })),
  });
  const { graph } = useRoadGraph();
  const surge = useSurge();
  useSessionGuard({
    attempts: [socket.attempt, rideStream.attempt, surge.status.attempt],
    onSignedOut: () => router.replace(SESSION_EXPIRED_URL),
  });
  const attempt = refused?.count ?? 0;
  const hexagons = useMemo(() => [...surge.cells].map(([h3, multiplier]) => ({ h3, multiplier })), [surge.cells]);
  const [online, setOnline] = useStayOnline(user.id);
  const [gpsRequest, setGpsRequest] = useState(0);

  const storeRide = useRideStore((state) => state.ride);
  const riderName = useRideStore((state) => state.names.rider);
  const offer = useRideStore((state) => currentOffer(state.offers));
  const forgetOffer = useRideStore((state) => state.forgetOffer);
  // "Done" puts the ride away in the store, which also closes its stream.
  const dismissRide = useRideStore((state) => state.dismissRide);
  const chatOpen = useRideStore((state) => state.chat.open);
  const ride = storeRide && storeRide.driverId === user.id ? storeRide : null;
  const onRide = isOngoing(ride);
  useForgetHiddenOffers();

  const plan = useMotionPlan(ride, offer, online);
  const position = useDriverPosition(graph, plan, user.id, gpsRequest);
  const fix = position.fix;
  const trip = useDriverTrip(ride, offer, fix, graph);

  useLocationReporter({ online, onRide, connectionId: socket.connectionId, fix, send });

  const accept = useCallback((offerId: string) => send({ type: 'offer.accept', offerId, ref: `accept:${offerId}` }), [send]);
  const decline = useCallback((offerId: string) => send({ type: 'offer.reject', offerId, ref: `reject:${offerId}` }), [send]);
  const step = useCallback((frame: DriverStepFrame, rideId: string) => send({ type: frame, rideId, ref: `${frame}:${rideId}` }), [send]);

  async function signOut() {
    setOnline(false);
    send({ type: 'driver.online', online: false });
    await fetch('/api/session', { method: 'DELETE' });
    router.replace('/');
  }

  let sheet: ReactNode;
  if (ride) {
    sheet = <TripPanel key={`${ride.id}:${attempt}`} ride={ride} riderName={riderName} route={trip.route} onStep={step} onDone={dismissRide} />;
  } else if (offer) {
    sheet = <OfferPanel key={`${offer.offerId}:${attempt}`} offer={offer} self={fix} graph={graph} onAccept={accept} onDecline={decline} onForget={forgetOffer} />;
  } else {
    sheet = <IdleCard online={online} onGoOnline={() => setOnline(true)} />;
  }

  return (
    <main className="relative flex h-dvh w-full flex-col overflow-hidden bg-[#e9e8e4]">
      <div className="relative min-h-0 flex-1">
        <DriverMap self={fix} pickup={trip.pickup} dropoff={trip.dropoff} route={trip.route?.points ?? null} focus={trip.focus} hexagons={hexagons} />
        <DriverTopBar
          name={user.name}
          online={online}
          onOnlineChange={setOnline}
          socket={socket}
          surge={surge.status}
          rideStream={onRide ? rideStream : null}
          networkOnline={networkOnline}
          usingGps={position.source === 'gps' || (gpsRequest > 0 && position.note === 'Waiting for GPS…')}
          gpsNote={position.note}
          onUseGps={() => setGpsRequest((n) => n + 1)}
          onUseSimulation={() => setGpsRequest(0)}
          onSignOut={signOut}
        />
        {fix && <span hidden data-testid="self-position" data-lat={fix.lat} data-lng={fix.lng} data-source={position.source} />}
      </div>
      <div className="relative z-20 shrink-0 lg:absolute lg:bottom-6 lg:left-6 lg:w-[400px]">
        {onRide && !chatOpen && (
          <div className="absolute -top-14 left-3 lg:left-auto lg:right-0">
            <ChatSheet onSend={sendChat} selfRole="driver" />
          </div>
        )}
        <div className="max-h-[65dvh] overflow-y-auto rounded-t-3xl bg-white px-4 pb-5 pt-3 shadow-[0_-8px_24px_rgba(15,23,42,0.12)] lg:max-h-[calc(100dvh-10rem)] lg:rounded-3xl lg:pt-5 lg:shadow-xl">
          <div aria-hidden className="mx-auto mb-3 h-1.5 w-10 rounded-full bg-slate-300 lg:hidden" />
          {refused && (
            <div role="alert" data-testid="request-error" data-code={refused.error.code} className="mb-3 flex items-start justify-between gap-3 rounded-xl bg-red-50 px-3 py-2 text-sm text-red-900 ring-1 ring-red-200">
              <p>{refusalText(refused.error)}</p>
              <button type="button" onClick={() => setRefused(null)} className="shrink-0 font-semibold underline focus:outline-none focus-visible:ring-2 focus-visible:ring-red-400">
                Dismiss
              </button>
            </div>
          )}
          {onRide && chatOpen ? <ChatSheet onSend={sendChat} selfRole="driver" /> : sheet}
        </div>
      </div>
    </main>
  );
}

/** What the driver was trying to do, from the refused frame's ref, and the server's reason. */
function refusalText({ ref, message }: RequestError): string {
  const action = ref.startsWith('accept:') ? 'accept the offer'
    : ref.startsWith('reject:') ? 'decline the offer'
      : ref.startsWith('ride.arrived:') ? 'mark arrival'
        : ref.startsWith('ride.start:') ? 'start the trip'
          : ref.startsWith('ride.complete:') ? 'complete the trip' : 'do that';
  return `Could not ${action}: ${message}`;
}

/** Closed offers that are not on screen (another offer is shown) are dropped at once. */
function useForgetHiddenOffers(): void {
  const hidden = useRideStore(useShallow((state) => {
    const shown = currentOffer(state.offers);
    return state.offers.filter((o) => o.closed && o !== shown).map((o) => o.offerId);
  }));
  const forgetOffer = useRideStore((state) => state.forgetOffer);
  useEffect(() => {
    for (const offerId of hidden) forgetOffer(offerId);
  }, [hidden, forgetOffer]);
}
