/**
 * Smooth driver-marker motion, framework-free. Location fixes arrive every second or so;
 * drawing each one as it comes makes the car hop. Instead the car is drawn about one fix
 * interval in the past and slides linearly between the two fixes around that moment, turning
 * by the shortest arc (shared/PITFALLS.md, "Smooth driver markers"). The caller asks for a
 * position on every animation frame with `positionAt(now)`.
 *
 * Times: a fix's `at` is the sender's clock (ms). `push(fix, receivedAt)` also records the
 * local receive time; the smallest recent `receivedAt - at` is taken as the clock offset, so
 * a skewed server clock does not freeze or rush the car. Omit `receivedAt` when both clocks
 * are the same (tests).
 */
import { bearingDegrees, haversineMeters, interpolate, isValidLatLng, normalizeDegrees, shortestArcDelta } from '@/lib/domain';

/** One location fix of a car. `heading` in degrees (0 = north); null when unknown. */
export interface CarFix {
  lat: number;
  lng: number;
  heading: number | null;
  /** When the fix was taken, ms on the sender's clock. */
  at: number;
}

/** Where to draw the car: position and the bearing of its nose, degrees [0, 360). */
export interface CarPose {
  lat: number;
  lng: number;
  bearing: number;
}

/** Tuning knobs; the defaults suit fixes every 0.5–3 s. */
export interface CarAnimatorOptions {
  /** A fix farther than this from the newest one is a teleport: snap, do not slide. */
  snapDistanceM?: number;
  /** Render delay before any interval is known. */
  initialDelayMs?: number;
  /** Bounds for the render delay learned from fix intervals. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How many fixes to keep (only the last two or three are ever needed). */
  maxFixes?: number;
}

/** What `push` did with a fix. */
export type PushResult = 'added' | 'snapped' | 'ignored';

interface StoredFix {
  lat: number;
  lng: number;
  heading: number;
  at: number;
}

const OFFSET_WINDOW = 8;

/** Creates an animator for one car. */
export function createCarAnimator(options: CarAnimatorOptions = {}) {
  const snapDistanceM = options.snapDistanceM ?? 500;
  const minDelay = options.minDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const maxFixes = Math.max(3, options.maxFixes ?? 8);
  let delay = clamp(options.initialDelayMs ?? 1_000, minDelay, maxDelay);
  let fixes: StoredFix[] = [];
  let offsets: number[] = [];

  const newest = (): StoredFix | undefined => fixes[fixes.length - 1];

  /** Heading for a fix: its own when known, else the direction of travel, else the last one. */
  function headingFor(fix: CarFix, previous: StoredFix | undefined): number {
    if (fix.heading !== null && Number.isFinite(fix.heading)) return normalizeDegrees(fix.heading);
    if (!previous) return 0;
    if (previous.lat === fix.lat && previous.lng === fix.lng) return previous.heading;
    return bearingDegrees(previous, fix);
  }

  function recordOffset(offset: number): void {
    offsets.push(offset);
    if (offsets.length > OFFSET_WINDOW) offsets = offsets.slice(-OFFSET_WINDOW);
  }

  return {
    /**
     * Adds a fix. Fixes not newer than the newest known one are ignored, so a replay after a
     * reconnect never moves the car backwards. A fix more than `snapDistanceM` away replaces
     * the history and the car jumps there at once.
     */
    push(fix: CarFix, receivedAt: number = fix.at): PushResult {
      if (!isValidLatLng(fix) || !Number.isFinite(fix.at) || !Number.isFinite(receivedAt)) return 'ignored';
      const last = newest();
      if (last && fix.at <= last.at) return 'ignored';
      const stored: StoredFix = { lat: fix.lat, lng: fix.lng, heading: headingFor(fix, last), at: fix.at };
      recordOffset(receivedAt - fix.at);
      if (last && haversineMeters(last, fix) > snapDistanceM) {
        fixes = [stored];
        return 'snapped';
      }
      if (last) delay = clamp(fix.at - last.at, minDelay, maxDelay);
      fixes.push(stored);
      if (fixes.length > maxFixes) fixes = fixes.slice(-maxFixes);
      return 'added';
    },

    /** Where to draw the car at local time `nowMs`; null before the first fix. */
    positionAt(nowMs: number): CarPose | null {
      const first = fixes[0];
      const last = newest();
      if (!first || !last) return null;
      const renderAt = nowMs - Math.min(...offsets) - delay;
      if (renderAt <= first.at) return pose(first);
      if (renderAt >= last.at) return pose(last);
      // Few fixes are kept, so a linear scan from the end is cheapest.
      let i = fixes.length - 1;
      while (i > 0 && (fixes[i - 1]?.at ?? -Infinity) > renderAt) i -= 1;
      const a = fixes[i - 1] ?? first;
      const b = fixes[i] ?? last;
      const t = b.at === a.at ? 1 : (renderAt - a.at) / (b.at - a.at);
      const { lat, lng } = interpolate(a, b, t);
      return { lat, lng, bearing: normalizeDegrees(a.heading + shortestArcDelta(a.heading, b.heading) * clamp(t, 0, 1)) };
    },

    /** The current render delay in ms (about one fix interval). */
    delayMs(): number {
      return delay;
    },

    /** Forgets every fix (e.g. when the tracked driver changes). */
    reset(): void {
      fixes = [];
      offsets = [];
    },
  };
}

/** A car animator (see `createCarAnimator`). */
export type CarAnimator = ReturnType<typeof createCarAnimator>;

function pose(fix: StoredFix): CarPose {
  return { lat: fix.lat, lng: fix.lng, bearing: fix.heading };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * A fix from a `location` SSE event (`at` is an ISO timestamp). Returns null when the
 * timestamp does not parse.
 */
export function toCarFix(location: { lat: number; lng: number; heading: number | null; at: string }): CarFix | null {
  const at = Date.parse(location.at);
  return Number.isFinite(at) ? { lat: location.lat, lng: location.lng, heading: location.heading, at } : null;
}
