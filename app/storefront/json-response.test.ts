import { describe, expect, it } from "vitest";
import { rateLimitedAnswer } from "./json-response";

describe("rateLimitedAnswer", () => {
  it("answers nothing when the attempt is allowed", () => {
    expect(rateLimitedAnswer({ allowed: true })).toBeNull();
  });

  it("answers 429 rate_limited, uncached, with the seconds to wait in the body and in Retry-After", async () => {
    const answer = rateLimitedAnswer({ allowed: false, retryAfterSeconds: 42 })!;
    expect(answer.status).toBe(429);
    expect(answer.headers.get("Retry-After")).toBe("42");
    expect(answer.headers.get("Cache-Control")).toBe("no-store");
    expect(await answer.json()).toEqual({ ok: false, error: "rate_limited", retryAfterSeconds: 42 });
  });
});
