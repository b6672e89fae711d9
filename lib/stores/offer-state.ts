/**
 * A driver's offers: the open one with the server's deadline, and recently closed ones with
 * their reason (shown briefly, then dropped). Re-sent offers after a reconnect are merged.
 */
import type { Ride } from '@/lib/protocol/ride';

export type OfferCloseReason = 'accepted' | 'rejected' | 'expired' | 'taken' | 'cancelled';

export interface Offer {
  offerId: string;
  ride: Ride;
  /** The server's deadline (ISO); the countdown is derived from it, never guessed. */
  expiresAt: string;
  closed: OfferCloseReason | null;
}

export type OfferState = readonly Offer[];

export function receiveOffer(state: OfferState, offer: { offerId: string; ride: Ride; expiresAt: string }): OfferState {
  const existing = state.find((o) => o.offerId === offer.offerId);
  if (existing) return existing.closed ? state : state.map((o) => (o.offerId === offer.offerId ? { ...o, ...offer } : o));
  return [...state, { ...offer, closed: null }];
}

export function closeOffer(state: OfferState, offerId: string, reason: OfferCloseReason): OfferState {
  return state.map((o) => (o.offerId === offerId && !o.closed ? { ...o, closed: reason } : o));
}

export const dropOffer = (state: OfferState, offerId: string): OfferState => state.filter((o) => o.offerId !== offerId);

/** The offer to show: the first open one, else the most recently closed (to show why it closed). */
export const currentOffer = (state: OfferState): Offer | null =>
  state.find((o) => !o.closed) ?? state.at(-1) ?? null;
