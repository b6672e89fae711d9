/**
 * Seeded pseudo-random numbers. The city must come out byte-identical on every run (the
 * files are committed and the tests regenerate them in memory), so nothing here may touch
 * `Math.random`.
 */

/** A uniform source in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit generator with good statistical quality for procedural content.
 * Not cryptographic, which is fine: the only requirement is reproducibility.
 */
export function createPrng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Uniform number in [min, max). */
export const between = (random: Random, min: number, max: number): number => min + (max - min) * random();

/** One element of a non-empty array. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty array');
  return item;
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
