import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter.server";

describe("createRateLimiter (5 per 10 minutes, counted in the database)", () => {
  const rule = { limit: 5, windowMs: 10 * 60_000 };

  it("lets 5 attempts through, refuses the 6th, and tells when to retry", async () => {
    const limiter = createRateLimiter("five-per-ten", rule);
    const decisions = [];
    for (const minute of [0, 1, 2, 3, 4, 5]) decisions.push(await limiter.hit("customer-1", minute * 60_000));
    expect(decisions.slice(0, 5).every((d) => d.allowed)).toBe(true);
    // The attempt at minute 1 (the 5th newest) leaves the window at minute 11: 6 minutes later.
    expect(decisions[5]).toEqual({ allowed: false, retryAfterSeconds: 360 });
    expect(await limiter.hit("customer-2", 5 * 60_000)).toEqual({ allowed: true });
    expect(await limiter.hit("customer-1", 11 * 60_000)).toEqual({ allowed: true });
  });

  it("two limiters of the same name (two web processes) count the same attempts", async () => {
    const [a, b] = [createRateLimiter("shared", rule), createRateLimiter("shared", rule)];
    const decisions = [];
    for (let i = 0; i < 8; i++) decisions.push(await (i % 2 ? a : b).hit("customer-1", 1_000 + i));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false, false]);
  });

  it("never allows more than the limit in any window", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 40 }), async (offsets) => {
        const limiter = createRateLimiter(`property-${run++}`, rule);
        const allowed: number[] = [];
        for (const t of offsets.sort((x, y) => x - y)) if ((await limiter.hit("k", t)).allowed) allowed.push(t);
        return allowed.every((t, i) => allowed.filter((u, j) => j <= i && u > t - rule.windowMs).length <= rule.limit);
      }),
      { numRuns: 25 },
    );
  });
});
