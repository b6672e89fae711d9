/**
 * What one client worker counts while the harness measures: latencies of stamped events of the
 * current run, deliveries, duplicates and gaps (per client, by seq), snapshots, errors by kind
 * and reconnects. Every client of the worker records into the worker's one meter.
 */
import { nowUs } from '../lib/clock';
import { createHistogram, encodeHistogram, recordUs, type Histogram } from '../lib/histogram';
import type { BenchStamp } from '../lib/payloads';
import { createSeqTracker, type SeqTracker } from '../lib/seq-tracker';

export interface MeterReport {
  latency: string;
  delivered: number;
  duplicates: number;
  gaps: number;
  snapshots: number;
  reconnects: number;
  errors: Record<string, number>;
  /** How open streams (past their 200) ended, by cause, since the worker started (not reset by a run). */
  ends: Record<string, number>;
}

export class Meter {
  /** Events stamped with another run are ignored (0: nothing is being measured). */
  run = 0;
  latency: Histogram = createHistogram();
  delivered = 0;
  duplicates = 0;
  gaps = 0;
  snapshots = 0;
  reconnects = 0;
  errors = new Map<string, number>();
  ends = new Map<string, number>();

  start(run: number): void {
    this.run = run;
    this.latency.destroy();
    this.latency = createHistogram();
    this.delivered = 0;
    this.duplicates = 0;
    this.gaps = 0;
    this.snapshots = 0;
    this.reconnects = 0;
    this.errors.clear();
  }

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  /** An open stream ended: `cause` says how (the server ended it, a reset, a close). */
  ended(cause: string): void {
    this.ends.set(cause, (this.ends.get(cause) ?? 0) + 1);
  }

  /** A stamped event arrived at a client whose per-run tracker is `tracker`. */
  stamped(stamp: BenchStamp, tracker: SeqTracker): void {
    if (stamp.run !== this.run) return;
    const gapsBefore = tracker.gaps;
    if (!tracker.see(stamp.seq)) {
      this.duplicates++;
      return;
    }
    this.gaps += tracker.gaps - gapsBefore;
    this.delivered++;
    recordUs(this.latency, nowUs() - stamp.sentUs);
  }

  report(): MeterReport {
    return {
      latency: encodeHistogram(this.latency),
      delivered: this.delivered,
      duplicates: this.duplicates,
      gaps: this.gaps,
      snapshots: this.snapshots,
      reconnects: this.reconnects,
      errors: Object.fromEntries(this.errors),
      ends: Object.fromEntries(this.ends),
    };
  }
}

/** A per-client tracker that starts afresh for each run. */
export class RunTrackers {
  private run = -1;
  private tracker: SeqTracker = createSeqTracker();
  private byKey = new Map<string, SeqTracker>();

  /** The tracker for `run` (and, for chat, one per ride key). */
  for(run: number, key?: string): SeqTracker {
    if (run !== this.run) {
      this.run = run;
      this.tracker = createSeqTracker();
      this.byKey.clear();
    }
    if (key === undefined) return this.tracker;
    let tracker = this.byKey.get(key);
    if (!tracker) this.byKey.set(key, (tracker = createSeqTracker()));
    return tracker;
  }
}
