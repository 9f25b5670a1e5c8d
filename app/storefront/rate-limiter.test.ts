import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter";

describe("createRateLimiter (5 per 10 minutes)", () => {
  const rule = { limit: 5, windowMs: 10 * 60_000 };

  it("lets 5 attempts through, refuses the 6th, and tells when to retry", () => {
    const limiter = createRateLimiter(rule);
    const decisions = [0, 1, 2, 3, 4, 5].map((minute) => limiter.hit("customer-1", minute * 60_000));
    expect(decisions.slice(0, 5).every((d) => d.allowed)).toBe(true);
    // The attempt at minute 1 (the 5th newest) leaves the window at minute 11: 6 minutes later.
    expect(decisions[5]).toEqual({ allowed: false, retryAfterSeconds: 360 });
    expect(limiter.hit("customer-2", 5 * 60_000)).toEqual({ allowed: true });
    expect(limiter.hit("customer-1", 11 * 60_000)).toEqual({ allowed: true });
  });

  it("never allows more than the limit in any window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 200 }), (offsets) => {
        const limiter = createRateLimiter(rule);
        const allowed = offsets.sort((a, b) => a - b).filter((t) => limiter.hit("k", t).allowed);
        return allowed.every((t, i) => allowed.filter((u, j) => j <= i && u > t - rule.windowMs).length <= rule.limit);
      }),
    );
  });
});
