/**
 * The shape of a bus event id as it travels through `Last-Event-ID`.
 *
 * Local for now: `lib/bus/event-id.ts` will export an equivalent `isEventId`, and the two are
 * to be unified. Until then this is the gate that keeps client-supplied text away from the bus.
 */
// `^\d{1,16}-\d{1,16}$` narrowed to canonical decimals (no leading zeros), so that every id
// accepted here is also accepted by lib/bus's `isEventId` and Redis never sees a malformed one.
const EVENT_ID = /^(?:0|[1-9]\d{0,15})-(?:0|[1-9]\d{0,15})$/;

/** True when `value` looks like a bus event id (`<ms>-<seq>`, canonical decimals, bounded length). */
export function isValidEventId(value: string): boolean {
  return EVENT_ID.test(value);
}

/**
 * The id that snapshot events carry when the bus gave no head (both real buses give one even
 * for an empty topic, see `Subscription.headId`). It is never in any history, so a client
 * reconnecting with it gets a fresh snapshot.
 */
export const EMPTY_HEAD_ID = '0-0';
