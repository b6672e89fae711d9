/**
 * The ride store: one per app tree (zustand's Next.js guidance: created by a factory, provided
 * by context, never a module global). Its actions are the pure reducers of chat-state,
 * ride-state and offer-state, fed by the socket and stream hooks.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DriverLocation, Ride } from '@/lib/protocol/ride';
import type { ChatMessage } from '@/lib/protocol/ws-messages';
import { addPending, emptyChat, failPending, receiveMessage, setChatOpen, type ChatState } from './chat-state';
import { closeOffer, dropOffer, receiveOffer, type OfferCloseReason, type OfferState } from './offer-state';
import { createReadMarks, type ReadMarks } from './read-marks';
import { emptyRide, receiveLocation, receiveNames, receiveRide, type RideState } from './ride-state';

export interface RideStore extends RideState {
  selfId: string;
  chat: ChatState;
  offers: OfferState;
  applyRide(ride: Ride, driverLocation?: DriverLocation | null): void;
  applyLocation(location: DriverLocation): void;
  applyNames(rideId: string, names: { riderName: string | null; driverName: string | null }): void;
  applyChat(message: ChatMessage): void;
  sendingChat(clientId: string, body: string): void;
  chatFailed(clientId: string, error: string): void;
  openChat(open: boolean): void;
  applyOffer(offer: { offerId: string; ride: Ride; expiresAt: string }): void;
  offerClosed(offerId: string, reason: OfferCloseReason): void;
  forgetOffer(offerId: string): void;
  /** Puts a finished ride away ("Done"). */
  dismissRide(): void;
  /** The `chat` body of the `resume` frame: the ride's last contiguous seq. */
  resumeChat(): Record<string, number>;
}

export type RideStoreApi = StoreApi<RideStore>;

export function createRideStore(selfId: string, readMarks: ReadMarks = createReadMarks()): RideStoreApi {
  /** Applies a chat change, remembering how far the user has read. */
  const chatUpdate = (before: ChatState, chat: ChatState) => {
    if (chat.rideId && chat.readSeq > before.readSeq) readMarks.set(chat.rideId, chat.readSeq);
    return { chat };
  };
  return createStore<RideStore>()((set, get) => ({
    ...emptyRide(),
    selfId,
    chat: emptyChat(),
    offers: [],
    applyRide: (ride, driverLocation) => set((state) => {
      const next = receiveRide(state, ride, driverLocation);
      if (next === state) return state;
      // A new ride starts a new conversation.
      const chat = state.chat.rideId === ride.id ? state.chat : emptyChat(ride.id, readMarks.get(ride.id));
      return { ...next, chat };
    }),
    applyLocation: (location) => set((state) => receiveLocation(state, location)),
    applyNames: (rideId, names) => set((state) => receiveNames(state, rideId, names)),
    applyChat: (message) => set((state) => chatUpdate(state.chat, receiveMessage(state.chat, message, state.selfId))),
    sendingChat: (clientId, body) => set((state) => ({ chat: addPending(state.chat, clientId, body) })),
    chatFailed: (clientId, error) => set((state) => ({ chat: failPending(state.chat, clientId, error) })),
    openChat: (open) => set((state) => chatUpdate(state.chat, setChatOpen(state.chat, open, state.selfId))),
    applyOffer: (offer) => set((state) => ({ offers: receiveOffer(state.offers, offer) })),
    offerClosed: (offerId, reason) => set((state) => ({ offers: closeOffer(state.offers, offerId, reason) })),
    forgetOffer: (offerId) => set((state) => ({ offers: dropOffer(state.offers, offerId) })),
    dismissRide: () => set({ ...emptyRide(), chat: emptyChat() }),
    resumeChat: () => {
      const { chat } = get();
      return chat.rideId ? { [chat.rideId]: chat.lastSeq } : {};
    },
  }));
}
