import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  advocacyFigures,
  buildReviewSummary,
  DEFAULT_MODERATION_RULES,
  moderationStatus,
  npsCategory,
  parseNpsAnswer,
  parseReviewSubmission,
  REVIEW_LIMITS,
  reviewEligibility,
  reviewNeedsCare,
  summarizeNps,
  summarizeNpsCounts,
  toCustomerGid,
  toProductGid,
  type PurchasedLine,
} from "./reviews";

const PRODUCT = "gid://shopify/Product/42";
const valid = { product_id: "42", rating: "5", title: "Lovely", body: "Soft and warm." };

describe("parseReviewSubmission", () => {
  it("accepts Liquid's numeric product id and a GID alike, and returns the GID", () => {
    for (const product_id of ["42", 42, PRODUCT]) {
      const parsed = parseReviewSubmission({ ...valid, product_id });
      expect(parsed).toEqual({
        ok: true,
        honeypot: false,
        submission: { productId: PRODUCT, rating: 5, title: "Lovely", body: "Soft and warm." },
      });
    }
  });

  it("names every field that is missing or wrong", () => {
    expect(parseReviewSubmission({})).toEqual({ ok: false, errors: { product_id: "required", rating: "required", body: "required" } });
    expect(parseReviewSubmission({ product_id: "gid://shopify/Order/1", rating: "6", title: 3, body: ["x"] })).toEqual({
      ok: false,
      errors: { product_id: "invalid", rating: "invalid", title: "invalid", body: "invalid" },
    });
    expect(parseReviewSubmission({ ...valid, rating: "4.5" })).toEqual({ ok: false, errors: { rating: "invalid" } });
  });

  it("counts characters, not bytes: 4,000 Japanese characters fit, 4,001 do not", () => {
    expect(parseReviewSubmission({ ...valid, body: "良".repeat(REVIEW_LIMITS.bodyMax) }).ok).toBe(true);
    expect(parseReviewSubmission({ ...valid, body: "良".repeat(REVIEW_LIMITS.bodyMax + 1) })).toEqual({
      ok: false,
      errors: { body: "too_long" },
    });
    expect(parseReviewSubmission({ ...valid, title: "t".repeat(121) })).toEqual({ ok: false, errors: { title: "too_long" } });
  });

  it("keeps markup as plain text (escaping is the renderer's job) but drops control characters", () => {
    const parsed = parseReviewSubmission({ ...valid, title: " <script>alert(1)</script>\u0000 ", body: "a\r\nb\u0007" });
    expect(parsed).toMatchObject({ ok: true, submission: { title: "<script>alert(1)</script>", body: "a\nb" } });
  });

  it("reports a filled honeypot without failing, so the bot sees a success", () => {
    expect(parseReviewSubmission({ ...valid, website: "http://spam.example" })).toMatchObject({ ok: true, honeypot: true });
    expect(parseReviewSubmission({ ...valid, website: "" })).toMatchObject({ ok: true, honeypot: false });
  });

  it("never throws, whatever the input", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("product_id", "rating", "title", "body", "website"), fc.anything()), (input) => {
        const parsed = parseReviewSubmission(input);
        return parsed.ok ? parsed.submission.rating >= 1 && parsed.submission.rating <= 5 : Object.keys(parsed.errors).length > 0;
      }),
    );
  });
});

describe("ids from the storefront", () => {
  it("turns logged_in_customer_id into a customer GID; blank means logged out", () => {
    expect(toCustomerGid("7")).toBe("gid://shopify/Customer/7");
    expect(toCustomerGid("")).toBeNull();
    expect(toCustomerGid(null)).toBeNull();
    expect(toCustomerGid("7 OR 1=1")).toBeNull();
    expect(toProductGid("0")).toBeNull();
  });
});

describe("moderationStatus with the defaults (4–5★ publish, 1–2★ held)", () => {
  it.each([
    [5, "published"],
    [4, "published"],
    [3, "pending"],
    [2, "pending"],
    [1, "pending"],
  ] as const)("a %i★ review is %s", (rating, status) => {
    expect(moderationStatus(rating, DEFAULT_MODERATION_RULES)).toBe(status);
  });

  it("a 3★ review publishes at once when the merchant lowers auto-publish to 3", () => {
    expect(moderationStatus(3, { autoPublishMinRating: 3, holdMaxRating: 2 })).toBe("published");
  });

  it("held wins when the merchant's thresholds overlap", () => {
    expect(moderationStatus(3, { autoPublishMinRating: 2, holdMaxRating: 3 })).toBe("pending");
  });

  it("a review the merchant hid stays hidden when the shopper edits it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (rating) => moderationStatus(rating, DEFAULT_MODERATION_RULES, "hidden") === "hidden"),
    );
  });

  it("only 1–2★ reviews mark the customer for follow-up", () => {
    expect([1, 2, 3, 4, 5].map(reviewNeedsCare)).toEqual([true, true, false, false, false]);
  });
});

describe("reviewEligibility (verified buyers, 14 days after fulfilment)", () => {
  const now = new Date("2026-11-23T00:00:00Z");
  const line = (over: Partial<PurchasedLine>): PurchasedLine => ({
    orderId: "gid://shopify/Order/1",
    productId: PRODUCT,
    cancelled: false,
    test: false,
    totalPrice: 4800,
    totalRefunded: 0,
    fulfilledAt: new Date("2026-11-01T00:00:00Z"),
    ...over,
  });

  it("a buyer whose order was fulfilled 22 days ago may review", () => {
    expect(reviewEligibility([line({})], PRODUCT, { now, delayDays: 14 })).toEqual({ eligible: true, orderId: "gid://shopify/Order/1" });
  });

  it("a buyer fulfilled 10 days ago may review 4 days from now", () => {
    expect(reviewEligibility([line({ fulfilledAt: new Date("2026-11-13T00:00:00Z") })], PRODUCT, { now, delayDays: 14 })).toEqual({
      eligible: false,
      reason: "not_yet",
      eligibleFrom: new Date("2026-11-27T00:00:00Z"),
    });
  });

  it("someone who bought another product, a cancelled, test or fully refunded order, or nothing fulfilled is not a buyer", () => {
    for (const lines of [
      [line({ productId: "gid://shopify/Product/9" })],
      [line({ cancelled: true })],
      [line({ test: true })],
      [line({ totalRefunded: 4800 })],
      [line({ fulfilledAt: null })],
      [],
    ]) {
      expect(reviewEligibility(lines, PRODUCT, { now, delayDays: 14 })).toEqual({ eligible: false, reason: "not_a_buyer" });
    }
  });

  it("the earliest fulfilled order counts", () => {
    const lines = [line({ orderId: "late", fulfilledAt: new Date("2026-11-20T00:00:00Z") }), line({ orderId: "early" })];
    expect(reviewEligibility(lines, PRODUCT, { now, delayDays: 14 })).toEqual({ eligible: true, orderId: "early" });
  });
});

describe("NPS", () => {
  it("9–10 promote, 7–8 are passive, 0–6 detract", () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual(["detractor", "detractor", "passive", "passive", "promoter", "promoter"]);
  });

  it("5 promoters, 3 passives and 2 detractors of 10 answers give an NPS of 30", () => {
    expect(summarizeNps([10, 9, 9, 10, 9, 7, 8, 7, 3, 0])).toEqual({ responses: 10, promoters: 5, passives: 3, detractors: 2, score: 30 });
  });

  it("no answers, no score", () => {
    expect(summarizeNps([]).score).toBeNull();
  });

  it("the score is always between −100 and 100 and the categories add up", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (scores) => {
        const s = summarizeNps(scores);
        return s.score! >= -100 && s.score! <= 100 && s.promoters + s.passives + s.detractors === scores.length;
      }),
    );
  });

  it("counts by score summarize as the answers themselves do", () => {
    expect(
      summarizeNpsCounts([
        { score: 10, answers: 5 },
        { score: 7, answers: 3 },
        { score: 0, answers: 2 },
      ]),
    ).toEqual(summarizeNps([10, 10, 10, 10, 10, 7, 7, 7, 0, 0]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 })), (scores) => {
        const counts = [...new Set(scores)].map((score) => ({ score, answers: scores.filter((s) => s === score).length }));
        expect(summarizeNpsCounts(counts)).toEqual(summarizeNps(scores));
      }),
    );
  });

  it("parses an answer: score 0–10, optional comment", () => {
    expect(parseNpsAnswer({ score: 0 })).toEqual({ ok: true, score: 0, comment: null });
    expect(parseNpsAnswer({ score: "10", comment: "  早い配送 " })).toEqual({ ok: true, score: 10, comment: "早い配送" });
    expect(parseNpsAnswer({ score: 11, comment: "x".repeat(1001) })).toEqual({
      ok: false,
      errors: { score: "invalid", comment: "too_long" },
    });
    expect(parseNpsAnswer({})).toEqual({ ok: false, errors: { score: "required" } });
  });
});

describe("buildReviewSummary", () => {
  const review = (rating: number, day: number) => ({
    rating,
    title: `t${day}`,
    body: "<img src=x onerror=alert(1)>",
    createdAt: new Date(Date.UTC(2026, 10, day)),
    reply: null,
  });

  it("averages to one decimal and lists the 5 newest, text untouched", () => {
    const summary = buildReviewSummary([5, 4, 4, 3, 5, 5].map((rating, i) => review(rating, i + 1)));
    expect(summary.average).toBe(4.3);
    expect(summary.count).toBe(6);
    expect(summary.recent.map((r) => r.title)).toEqual(["t6", "t5", "t4", "t3", "t2"]);
    expect(summary.recent[0]).toEqual({
      rating: 5,
      title: "t6",
      body: "<img src=x onerror=alert(1)>",
      createdAt: "2026-11-06T00:00:00.000Z",
      reply: null,
    });
  });

  it("is empty without published reviews", () => {
    expect(buildReviewSummary([])).toEqual({ average: 0, count: 0, recent: [] });
  });
});

describe("advocacyFigures for November 2026", () => {
  const period = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));

  it("review rate, average rating, VIP share and NPS count only the period and leave hidden reviews out", () => {
    const figures = advocacyFigures(
      {
        reviews: [
          { customerId: "a", rating: 5, status: "published", createdAt: at(2) },
          { customerId: "a", rating: 3, status: "pending", createdAt: at(3) },
          { customerId: "b", rating: 1, status: "hidden", createdAt: at(4) },
          { customerId: "c", rating: 4, status: "published", createdAt: new Date("2026-10-31T23:59:59Z") },
        ],
        npsAnswers: [
          { score: 10, createdAt: at(5) },
          { score: 2, createdAt: at(6) },
          { score: 9, createdAt: at(7) },
          { score: 0, createdAt: new Date("2026-12-01T00:00:00Z") },
        ],
        reviewableCustomerIds: new Set(["a", "b", "c", "d"]),
        vipCustomerIds: new Set(["a", "d"]),
      },
      period,
    );
    expect(figures).toEqual({
      reviews: 2,
      reviewRate: 0.25,
      averageRating: 4,
      vipReviewShare: 0.5,
      nps: { responses: 3, promoters: 2, passives: 0, detractors: 1, score: (100 * 1) / 3 },
    });
  });

  it("nothing to measure gives nulls, not zeros", () => {
    expect(advocacyFigures({ reviews: [], npsAnswers: [], reviewableCustomerIds: new Set() }, period)).toEqual({
      reviews: 0,
      reviewRate: null,
      averageRating: null,
      vipReviewShare: null,
      nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null },
    });
  });
});
