/**
 * Counts one stream's benchmark events by their publish sequence number. Streams promise
 * order and no duplicates, so the highest seq seen is enough state: a seq at or below it is a
 * duplicate, and a jump past the next one is a gap (events lost, unless they arrive later,
 * which ordered streams never do).
 */
export interface SeqTracker {
  /** Returns false for a duplicate (it must not count as delivered). */
  see(seq: number): boolean;
  readonly unique: number;
  readonly duplicates: number;
  /** Events skipped over by jumps in seq. */
  readonly gaps: number;
  readonly last: number;
}

export function createSeqTracker(): SeqTracker {
  let last = 0;
  let unique = 0;
  let duplicates = 0;
  let gaps = 0;
  return {
    see(seq) {
      if (seq <= last) {
        duplicates++;
        return false;
      }
      gaps += seq - last - 1;
      last = seq;
      unique++;
      return true;
    },
    get unique() {
      return unique;
    },
    get duplicates() {
      return duplicates;
    },
    get gaps() {
      return gaps;
    },
    get last() {
      return last;
    },
  };
}
