// Storefront rate limiters whose attempts are counted in the database, shared by every web process.
import { recordRateLimitAttempt } from "../models/rate-limit.server";
import { rateLimitDecision, type RateLimitDecision, type RateLimitRule } from "./rate-limiter";

export interface RateLimiter {
  /** Count one attempt for `key` at `nowMs` and decide whether it may go through. */
  hit(key: string, nowMs: number): Promise<RateLimitDecision>;
}

/** `name` keeps each limiter's attempts apart (e.g. "reviews-per-customer"). */
export function createRateLimiter(name: string, rule: RateLimitRule): RateLimiter {
  return {
    async hit(key, nowMs) {
      const attempts = await recordRateLimitAttempt({
        limiter: name,
        key,
        at: new Date(nowMs),
        windowMs: rule.windowMs,
        keep: rule.limit + 1,
      });
      return rateLimitDecision(attempts, nowMs, rule);
    },
  };
}
