/**
 * How far the user has read each ride's chat, kept in the browser so a reload does not turn
 * every replayed message into an unread one. The server keeps no read state: this is one
 * device's view, which is what an unread badge is.
 */
export interface ReadMarks {
  get(rideId: string): number;
  set(rideId: string, seq: number): void;
}

const KEY = (rideId: string) => `curbside.chat.read.${rideId}`;

/** In `localStorage` when the browser allows it (private modes may throw), else in memory. */
export function createReadMarks(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = browserStorage()): ReadMarks {
  const memory = new Map<string, number>();
  return {
    get(rideId) {
      const held = memory.get(rideId);
      if (held !== undefined) return held;
      try {
        const stored = Number(storage?.getItem(KEY(rideId)));
        return Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
      } catch {
        return 0;
      }
    },
    set(rideId, seq) {
      memory.set(rideId, seq);
      try {
        storage?.setItem(KEY(rideId), String(seq));
      } catch {
        // Storage full or refused: the mark lives for this page only.
      }
    },
  };
}

function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
