/**
 * One topic's kept events for the in-memory bus: append at the tail, trim at the head by
 * count and by age, find an id by binary search (ids only grow within a bus).
 */
import { compareEventIds } from './event-id';
import type { BusEvent } from './types';

/** A topic's bounded history. Every method is O(log n) or amortised O(1) per event. */
export interface EventHistory {
  readonly size: number;
  /** Appends `event`, recorded at `at` (the bus clock), dropping the oldest past `maxEvents`. */
  push(event: BusEvent, at: number): void;
  /** Drops events recorded before `cutoff`. */
  dropOlderThan(cutoff: number): void;
  /** Position of the event with this id, or -1. */
  indexOf(id: string): number;
  /** Kept events with an id greater than `id`, oldest first (a copy); `id` need not be kept. */
  newerThan(id: string): BusEvent[];
  /** The newest id this history ever dropped (trimmed, aged out or cleared), or null. */
  readonly droppedUpTo: string | null;
  /** Events after position `index`, oldest first (a copy). */
  after(index: number): BusEvent[];
  last(): BusEvent | undefined;
  clear(): void;
}

/** Creates an empty history that keeps at most `maxEvents` events. */
export function createEventHistory(maxEvents: number): EventHistory {
  // A window [start, events.length) over two parallel arrays; the dead prefix is compacted
  // once it outweighs the live part, so trimming never shifts the array per event.
  let events: BusEvent[] = [];
  let times: number[] = [];
  let start = 0;
  let droppedUpTo: string | null = null;
  /** Moves the window's start to `to` (absolute), remembering the newest event it dropped. */
  const dropBefore = (to: number) => {
    if (to > start) droppedUpTo = (events[to - 1] as BusEvent).id;
    start = to;
  };

  const compact = () => {
    if (start > 32 && start * 2 > events.length) {
      events = events.slice(start);
      times = times.slice(start);
      start = 0;
    }
  };

  return {
    get size() {
      return events.length - start;
    },
    push(event, at) {
      events.push(event);
      times.push(at);
      if (events.length - start > maxEvents) dropBefore(events.length - maxEvents);
      compact();
    },
    dropOlderThan(cutoff) {
      // Times are in publish order; a clock that stepped back only makes this keep a little more.
      let to = start;
      while (to < events.length && (times[to] ?? cutoff) < cutoff) to++;
      dropBefore(to);
      compact();
    },
    indexOf(id) {
      let low = start;
      let high = events.length - 1;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const order = compareEventIds((events[mid] as BusEvent).id, id);
        if (order === 0) return mid - start;
        if (order < 0) low = mid + 1;
        else high = mid - 1;
      }
      return -1;
    },
    newerThan(id) {
      // The first kept event with an id greater than `id` (ids only grow): binary search.
      let low = start;
      let high = events.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (compareEventIds((events[mid] as BusEvent).id, id) <= 0) low = mid + 1;
        else high = mid;
      }
      return events.slice(low);
    },
    get droppedUpTo() {
      return droppedUpTo;
    },
    after(index) {
      return events.slice(start + index + 1);
    },
    last() {
      return events.length > start ? events[events.length - 1] : undefined;
    },
    clear() {
      dropBefore(events.length);
      events = [];
      times = [];
      start = 0;
    },
  };
}
