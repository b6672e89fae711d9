'use client';

import { useCallback, useEffect } from 'react';
import type { DriverLocation, Ride } from '@/lib/protocol/ride';
import type { ChatMessage } from '@/lib/protocol/ws-messages';
import { useRideStore, useRideStoreApi } from '@/lib/stores/ride-store-context';
import type { OfferCloseReason } from '@/lib/stores/offer-state';
import { useEventSource } from './use-event-source';
import { useReconnectingSocket } from './use-reconnecting-socket';

const CHAT_REF = 'chat:';

/** A refused request (an `error` frame answering a ref that is not a chat send). */
export interface RequestError {
  ref: string;
  code: string;
  message: string;
}

export interface UseLiveRideOptions {
  /** A frame the app sent with a `ref` was refused, e.g. a step the ride's state does not allow. */
  onRequestError?: (error: RequestError) => void;
}

/**
 * The live connections of a signed-in app page, feeding the ride store: the WebSocket
 * (rides, offers, chat; `resume` asks for every chat message after the last contiguous one)
 * and, while there is a ride, its SSE stream (status and the driver's location).
 */
export function useLiveRide(options: UseLiveRideOptions = {}) {
  const store = useRideStoreApi();
  const { onRequestError } = options;
  // Read inside onMessage, which the socket calls long after this render.
  let sendFrame: (frame: { type: string } & Record<string, unknown>) => unknown = () => undefined;
  const rideId = useRideStore((state) => state.ride?.id ?? null);

  const socket = useReconnectingSocket({
    url: '/ws',
    getResume: () => ({ chat: store.getState().resumeChat() }),
    onMessage: (frame) => {
      const state = store.getState();
      switch (frame.type) {
        case 'hello':
          // A send whose ack was lost with the old connection may or may not be stored:
          // send it again; the server's clientId idempotency makes that safe.
          for (const pending of state.chat.pending) {
            if (pending.status === 'sending' && state.chat.rideId) {
              sendFrame({ type: 'chat.send', rideId: state.chat.rideId, clientId: pending.clientId, body: pending.body, ref: `${CHAT_REF}${pending.clientId}` });
            }
          }
          break;
        case 'ride':
          state.applyRide((frame as unknown as { ride: Ride }).ride);
          break;
        case 'chat':
          state.applyChat(frame as unknown as ChatMessage);
          break;
        case 'offer':
          state.applyOffer(frame as unknown as { offerId: string; ride: Ride; expiresAt: string });
          break;
        case 'offer.closed': {
          const { offerId, reason } = frame as unknown as { offerId: string; reason: OfferCloseReason };
          state.offerClosed(offerId, reason);
          break;
        }
        case 'ack': {
          const { message } = frame as unknown as { message?: ChatMessage };
          if (message && typeof frame.ref === 'string' && frame.ref.startsWith(CHAT_REF)) state.applyChat(message);
          break;
        }
        case 'error': {
          if (typeof frame.ref !== 'string') break;
          const message = String(frame.message ?? frame.code);
          if (frame.ref.startsWith(CHAT_REF)) state.chatFailed(frame.ref.slice(CHAT_REF.length), message);
          else onRequestError?.({ ref: frame.ref, code: String(frame.code ?? 'ERROR'), message });
          break;
        }
      }
    },
  });

  const rideStream = useEventSource({
    url: rideId ? `/api/rides/${rideId}/stream` : '',
    enabled: rideId !== null,
    events: ['ride', 'location'],
    onEvent: (type, data) => {
      const state = store.getState();
      if (type === 'ride') {
        const { driverLocation, riderName, driverName, ...ride } = data as Ride & {
          driverLocation: DriverLocation | null; riderName: string | null; driverName: string | null;
        };
        state.applyRide(ride, driverLocation);
        state.applyNames(ride.id, { riderName, driverName });
      } else if (type === 'location') {
        state.applyLocation(data as DriverLocation);
      }
    },
  });

  const { send } = socket;
  sendFrame = send;

  // A ride learnt after connecting (a reload mid-ride: the first resume knew no ride) needs
  // its chat history: ask for everything after what is held. Queued until the socket is open.
  useEffect(() => {
    if (rideId) send({ type: 'resume', chat: { [rideId]: store.getState().chat.lastSeq } });
  }, [rideId, send, store]);
  /** Sends a chat message: shown at once as "sending", confirmed by the server's ack (idempotent on resend). */
  const sendChat = useCallback((body: string, clientId: string = crypto.randomUUID()) => {
    const state = store.getState();
    const target = state.ride?.id;
    if (!target) return;
    state.sendingChat(clientId, body);
    send({ type: 'chat.send', rideId: target, clientId, body, ref: `${CHAT_REF}${clientId}` });
  }, [send, store]);

  return { socket: socket.state, rideStream, send, sendChat };
}
