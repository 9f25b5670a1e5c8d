// Sliding-window rate limits for storefront writes (app proxy reviews, extension NPS answers).
// In memory, per process: right for the embedded default (one web process). With several web
// processes behind a load balancer each counts on its own, so the effective limit is N× higher;
// a scale-out deployment should move the counters to the shared database or Redis. Time is passed in.

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Count one attempt for `key` at `nowMs` (refused attempts count too, so flooding keeps you out). */
  hit(key: string, nowMs: number): RateLimitDecision;
}

/** Keys kept before expired ones are swept, so an attack with many keys cannot grow memory unbounded. */
const SWEEP_AT_KEYS = 10_000;

export function createRateLimiter({ limit, windowMs }: RateLimitRule): RateLimiter {
  const hits = new Map<string, number[]>();

  function sweep(nowMs: number) {
    for (const [key, times] of hits) if (times[times.length - 1] <= nowMs - windowMs) hits.delete(key);
  }

  return {
    hit(key, nowMs) {
      if (hits.size >= SWEEP_AT_KEYS) sweep(nowMs);
      const recent = (hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
      recent.push(nowMs);
      // Keep at most limit + 1 entries: enough to decide, bounded under a flood.
      hits.set(key, recent.slice(-(limit + 1)));
      if (recent.length <= limit) return { allowed: true };
      const oldestCounted = recent[recent.length - limit];
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldestCounted + windowMs - nowMs) / 1000)) };
    },
  };
}
