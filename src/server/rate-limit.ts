/**
 * A token bucket per key, in memory: each server of N behind a load balancer limits on its own,
 * so the effective limit is at most N times this (documented in docs/team-server.md).
 */
export interface RateLimit {
  /** 0 when the request may proceed, else the seconds to wait. */
  take(key: string): number;
}

export function createRateLimit(opts: { capacity: number; perSecond: number; now?: () => number }): RateLimit {
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const b = buckets.get(key) ?? { tokens: opts.capacity, at: t };
      b.tokens = Math.min(opts.capacity, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
      b.at = t;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / opts.perSecond));
    },
  };
}
