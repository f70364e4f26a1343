// The workload's only source of randomness: a seeded PRNG, so a seed always gives the same bytes.

/** mulberry32: tiny, fast, good enough for workload shapes (not for anything secret). */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Skewed pick: the k-th item (1-based) weighs k^-0.6, so a few words are common and most are rare. */
  zipf<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Flatter than textbook Zipf (s = 1): each record draws dozens of words from small vocabularies. */
const ZIPF_S = 0.6;
const cumulative = new WeakMap<readonly unknown[], number[]>();

function zipfIndex(items: readonly unknown[], u: number): number {
  let cum = cumulative.get(items);
  if (!cum) {
    let total = 0;
    cum = items.map((_, k) => (total += (k + 1) ** -ZIPF_S));
    cumulative.set(items, cum);
  }
  const x = u * (cum[cum.length - 1] as number);
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    zipf: (items) => items[zipfIndex(items, next())] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}
