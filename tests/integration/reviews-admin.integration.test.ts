// What the admin's Reviews page reads of a real database: a page of one shop's reviews newest first
// (ties by id), the counts of each status, the shop's review settings and time zone, and the NPS answers
// and comments — never another shop's.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { ADMIN_PAGE_SIZE, getReviewSettings, loadAdminReviews } from "../../app/models/review.server";
import { loadNpsScoreCounts, loadRecentNpsComments, RECENT_ANSWERS_READ } from "../../app/models/nps.server";

const A = "a.myshopify.com";
const B = "b.myshopify.com";

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: A, ianaTimezone: "Asia/Tokyo", reviewDelayDays: 10, reviewAutoPublishMinRating: 5 } });
  await prisma.shop.create({ data: { shop: B, uninstalledAt: new Date("2026-11-01T00:00:00Z") } });
  // 30 reviews of A, one a day from 1 Nov; the 10th, 20th and 30th are pending and the 5th hidden. Review 31 shares review 30's time.
  const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));
  for (let i = 1; i <= 31; i++) {
    await prisma.review.create({
      data: {
        shop: A,
        customerId: `gid://shopify/Customer/${i}`,
        productId: "gid://shopify/Product/1",
        rating: 1 + (i % 5),
        title: `review ${i}`,
        body: "b",
        status: i === 5 ? "hidden" : i % 10 === 0 ? "pending" : "published",
        reply: i === 3 ? "thank you" : null,
        createdAt: at(Math.min(i, 30)),
      },
    });
  }
  await prisma.review.create({
    data: {
      shop: B,
      customerId: "x",
      productId: "gid://shopify/Product/1",
      rating: 1,
      title: "b's",
      body: "b",
      status: "pending",
      createdAt: at(29),
    },
  });
  const answer = (shop: string, orderId: string, score: number, day: number, comment: string | null = null) =>
    prisma.npsAnswer.create({ data: { shop, orderId, score, comment, source: "thank-you", customerId: null, createdAt: at(day) } });
  for (let i = 1; i <= 8; i++) await answer(A, `o${i}`, i + 2, i, i % 2 === 0 ? `comment ${i}` : null);
  await answer(B, "o1", 0, 5, "b's comment");
});

describe("the Reviews page's reads", () => {
  it("pages a shop's reviews newest first, ties by the newer id, with the counts of each status", async () => {
    const first = await loadAdminReviews(A, { page: 1 });
    expect(first.reviews).toHaveLength(ADMIN_PAGE_SIZE);
    expect(first.reviews.slice(0, 3).map((r) => r.title)).toEqual(["review 31", "review 30", "review 29"]);
    expect(first.counts).toEqual({ pending: 3, published: 27, hidden: 1 });
    expect(first.total).toBe(31);
    expect(first.reviews[0]).toEqual({
      id: expect.any(Number),
      customerId: "gid://shopify/Customer/31",
      productId: "gid://shopify/Product/1",
      rating: 2,
      title: "review 31",
      body: "b",
      status: "published",
      reply: null,
      createdAt: new Date("2026-11-30T12:00:00Z"),
      updatedAt: expect.any(Date),
    });
    const second = await loadAdminReviews(A, { page: 2 });
    expect(second.reviews.map((r) => r.title)).toEqual(["review 6", "review 5", "review 4", "review 3", "review 2", "review 1"]);
    expect(second.reviews.find((r) => r.title === "review 3")?.reply).toBe("thank you");
  });

  it("filters by status, counting only that status in the total", async () => {
    const pending = await loadAdminReviews(A, { status: "pending" });
    expect(pending.reviews.map((r) => r.title)).toEqual(["review 30", "review 20", "review 10"]);
    expect(pending.total).toBe(3);
    expect(pending.counts).toEqual({ pending: 3, published: 27, hidden: 1 });
    expect((await loadAdminReviews(A, { status: "hidden" })).reviews.map((r) => r.title)).toEqual(["review 5"]);
    expect((await loadAdminReviews(A, { status: "published", page: 9 })).reviews).toEqual([]);
  });

  it("reads the shop's review settings and time zone, and no settings once it is uninstalled", async () => {
    const a = await loadAdminReviews(A);
    expect(a.settings).toEqual({ reviewDelayDays: 10, autoPublishMinRating: 5, holdMaxRating: 2, needsCareTagEnabled: false });
    expect(a.settings).toEqual(await getReviewSettings(A));
    expect(a.timeZone).toBe("Asia/Tokyo");
    const b = await loadAdminReviews(B);
    expect(b.settings).toBeNull();
    expect(await getReviewSettings(B)).toBeNull();
    expect(b.reviews.map((r) => r.title)).toEqual(["b's"]);
    expect(b.counts).toEqual({ pending: 1, published: 0, hidden: 0 });
    expect(await getReviewSettings("c.myshopify.com")).toBeNull();
  });

  it("counts the shop's NPS answers of a period by score and reads its newest comments", async () => {
    const counts = await loadNpsScoreCounts(A, new Date("2026-11-03T12:00:00Z"), new Date("2026-11-06T12:00:00Z"));
    expect(counts.sort((x, y) => x.score - y.score)).toEqual([
      { score: 5, answers: 1 },
      { score: 6, answers: 1 },
      { score: 7, answers: 1 },
    ]);
    const comments = await loadRecentNpsComments(A, 3);
    expect(comments.map((c) => [c.score, c.comment, c.source])).toEqual([
      [10, "comment 8", "thank-you"],
      [8, "comment 6", "thank-you"],
      [6, "comment 4", "thank-you"],
    ]);
    expect(comments[0]).toEqual({
      id: expect.any(Number),
      score: 10,
      comment: "comment 8",
      source: "thank-you",
      createdAt: new Date("2026-11-08T12:00:00Z"),
    });
  });

  it("looks for comments among the shop's newest 1,000 answers only", async () => {
    const shop = "many-answers.myshopify.com";
    await prisma.npsAnswer.createMany({
      data: Array.from({ length: RECENT_ANSWERS_READ + 1 }, (_, i) => ({
        shop,
        orderId: `m${i}`,
        score: 9,
        comment: i === 0 ? "the oldest" : i === 1 ? "the second oldest" : null,
        source: "thank-you",
        customerId: null,
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      })),
    });
    expect((await loadRecentNpsComments(shop)).map((c) => c.comment)).toEqual(["the second oldest"]);
  });
});
