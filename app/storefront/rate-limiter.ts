// Sliding-window rate limits for storefront writes (app proxy reviews, extension NPS answers): the
// decision, from the attempts already counted. The attempts are kept in the database
// (rate-limiter.server.ts), so every web process behind a load balancer counts the same ones.

export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * `attemptsMs`: the key's attempts in the window ending at `nowMs`, this one included, oldest first
 * (refused attempts count too, so flooding keeps you out; the newest limit + 1 are enough).
 */
export function rateLimitDecision(attemptsMs: number[], nowMs: number, { limit, windowMs }: RateLimitRule): RateLimitDecision {
  if (attemptsMs.length <= limit) return { allowed: true };
  const oldestCounted = attemptsMs[attemptsMs.length - limit];
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldestCounted + windowMs - nowMs) / 1000)) };
}
