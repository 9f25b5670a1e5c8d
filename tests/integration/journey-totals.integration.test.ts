// The journey page's sums over a real database: daily rows plus live reviews, NPS answers and first acts of advocacy, the
// period and the one before it, each step's cohort (period, previous period, baseline), for one shop only.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loadJourneyShop, loadJourneyTotals, rebuildJourneyDays } from "../../app/models/journey.server";
import { redactCustomer } from "../../app/models/compliance.server";
import { parseLocalDate } from "../../app/domain/calendar";
import { DEFAULT_MODERATION_RULES } from "../../app/domain/reviews";
import { saveFirstNpsAnswer } from "../../app/models/nps.server";
import { saveReview, setReviewStatus } from "../../app/models/review.server";

const from = parseLocalDate("2026-10-24")!; // Tokyo days; the period is 30 days to 22 Nov
const period = { previousFrom: from - 30, baselineFrom: from - 365, from, to: from + 30 };
// Figures complete to 3 Dec: a 30-day window has elapsed for arrivals up to 3 Nov (from + 10), a 90-day one up to 4 Sep (from − 50).
const basis = { asOfDay: from + 40, windows: { awareness: 30, consideration: 30, purchase: 90, retention: 90 } };

/** A review as the storefront stores one (app proxy → models), for an order of the customer's own. */
const reviewIn = (shop: string, customerId: string, rating: number, at: string, productId = "gid://shopify/Product/1") =>
  saveReview(
    shop,
    customerId,
    `order-of-${customerId}`,
    { productId, rating, title: "t", body: "b" },
    DEFAULT_MODERATION_RULES,
    new Date(at),
  );

beforeAll(async () => {
  for (const shop of ["a.myshopify.com", "b.myshopify.com"]) await prisma.shop.create({ data: { shop, ianaTimezone: "Asia/Tokyo" } });
  // Stored as the storefront's reviews and answers are (app proxy → models), each customer's first act kept.
  await reviewIn("a.myshopify.com", "c1", 4, "2026-11-10T00:00:00Z");
  await reviewIn("a.myshopify.com", "c1", 5, "2026-11-12T00:00:00Z", "gid://shopify/Product/2"); // c1's second review: not a new advocate
  await reviewIn("a.myshopify.com", "c2", 2, "2026-10-10T00:00:00Z"); // previous period
  await reviewIn("a.myshopify.com", "c4", 5, "2026-10-23T15:30:00Z"); // 00:30 on 24 Oct in Tokyo: current period
  await reviewIn("b.myshopify.com", "x", 1, "2026-11-10T00:00:00Z");
  const answer = (shop: string, customerId: string, orderId: string, score: number, at: string) =>
    saveFirstNpsAnswer(shop, { customerId, orderId, score, comment: null, source: "thank-you" }, new Date(at));
  await answer("a.myshopify.com", "c3", "o1", 10, "2026-11-11T00:00:00Z");
  await answer("a.myshopify.com", "c1", "o2", 9, "2026-11-11T00:00:00Z");
  await answer("a.myshopify.com", "c5", "o3", 3, "2026-11-11T00:00:00Z");
  await prisma.journeyDay.createMany({
    data: [
      { shop: "a.myshopify.com", day: from, newCustomers: 3, firstOrders: 1, awarenessConverted: 2 },
      { shop: "a.myshopify.com", day: from + 29, newCustomers: 2, firstCheckouts: 2, awarenessConverted: 2 }, // window still open
      { shop: "a.myshopify.com", day: from + 30, newCustomers: 100 }, // after the period
      { shop: "a.myshopify.com", day: from - 1, newCustomers: 5, repeatOrders: 4, awarenessConverted: 1 },
      { shop: "a.myshopify.com", day: from - 200, newCustomers: 10, awarenessConverted: 4, firstOrders: 6, purchaseConverted: 3 }, // baseline only
      { shop: "a.myshopify.com", day: from - 366, newCustomers: 50, awarenessConverted: 50 }, // before the baseline
      { shop: "b.myshopify.com", day: from, newCustomers: 1000 },
    ],
  });
});

describe("journey totals", () => {
  it("sums the period and the previous one, with exact review and NPS figures", async () => {
    const { current, previous, advocacyCollected } = await loadJourneyTotals("a.myshopify.com", "Asia/Tokyo", period, basis);
    expect(current).toEqual({
      newCustomers: 5,
      firstCheckouts: 2,
      firstOrders: 1,
      secondOrders: 0,
      abandonedCheckouts: 0,
      recoveredCheckouts: 0,
      repeatOrders: 0,
      firstAdvocates: 3, // c1, c4 (reviews) and c3 (promoter); c5 is a detractor
      reviews: 3,
      ratingSum: 14,
      npsAnswers: 3,
      npsPromoters: 2,
      npsDetractors: 1,
    });
    expect(previous).toMatchObject({ newCustomers: 5, repeatOrders: 4, reviews: 1, ratingSum: 2, firstAdvocates: 1, npsAnswers: 0 });
    expect(advocacyCollected).toBe(true);
  });

  it("counts each step's cohort over the days whose window has elapsed: the period, the previous one and the baseline", async () => {
    const { cohorts } = await loadJourneyTotals("a.myshopify.com", "Asia/Tokyo", period, basis);
    expect(cohorts.current.awareness).toEqual({ reached: 5, eligible: 3, converted: 2 });
    expect(cohorts.current.purchase).toEqual({ reached: 1, eligible: 0, converted: 0 });
    expect(cohorts.previous.awareness).toEqual({ reached: 5, eligible: 5, converted: 1 });
    expect(cohorts.previous.purchase).toEqual({ reached: 0, eligible: 0, converted: 0 });
    expect(cohorts.baseline.awareness).toEqual({ reached: 15, eligible: 15, converted: 5 });
    expect(cohorts.baseline.purchase).toEqual({ reached: 6, eligible: 6, converted: 3 });
    // Before the first computation nothing has elapsed.
    const { cohorts: none } = await loadJourneyTotals("a.myshopify.com", "Asia/Tokyo", period, null);
    expect(none.baseline.awareness).toEqual({ reached: 15, eligible: 0, converted: 0 });
  });

  it("a shop with nothing collected says so and counts zero", async () => {
    await prisma.shop.create({ data: { shop: "empty.myshopify.com" } });
    const { current, advocacyCollected } = await loadJourneyTotals("empty.myshopify.com", "UTC", period, basis);
    expect(Object.values(current).every((v) => v === 0)).toBe(true);
    expect(advocacyCollected).toBe(false);
  });
});

describe("rebuilding the journey's days", () => {
  it("takes each customer's first review or promoter answer, as the app stores them, as the day they became an advocate", async () => {
    const shop = "c.myshopify.com";
    await prisma.shop.create({ data: { shop, ianaTimezone: "UTC" } });
    const customer = (id: string) =>
      prisma.customer.create({
        data: { shop, id, shopifyCreatedAt: new Date("2026-05-01T00:00:00Z"), shopifyUpdatedAt: new Date("2026-05-01T00:00:00Z") },
      });
    const order = (id: string, customerId: string, at: string) =>
      prisma.order.create({
        data: { shop, id, customerId, processedAt: new Date(at), shopifyUpdatedAt: new Date(at), totalPrice: 40 },
      });
    for (const id of ["reviewer", "promoter", "silent"]) await customer(id);
    for (const id of ["reviewer", "promoter", "silent"]) {
      await order(`${id}-1`, id, "2026-06-01T10:00:00Z");
      await order(`${id}-2`, id, "2026-07-01T10:00:00Z"); // retention on 1 July: advocacy counts until 29 September
    }
    await prisma.review.create({
      data: {
        shop,
        customerId: "reviewer",
        productId: "p",
        rating: 5,
        title: "t",
        body: "b",
        status: "published",
        createdAt: new Date("2026-07-20T08:00:00Z"),
      },
    });
    await prisma.npsAnswer.create({
      data: {
        shop,
        customerId: "promoter",
        orderId: "promoter-2",
        score: 10,
        source: "thank-you",
        createdAt: new Date("2026-07-01T10:05:00Z"),
      },
    });
    await prisma.npsAnswer.create({
      data: { shop, customerId: "silent", orderId: "silent-2", score: 6, source: "thank-you", createdAt: new Date("2026-07-01T10:05:00Z") },
    });

    await rebuildJourneyDays(shop, "UTC", new Date("2026-12-01T00:00:00Z"));

    const day = await prisma.journeyDay.findUniqueOrThrow({ where: { shop_day: { shop, day: parseLocalDate("2026-07-01")! } } });
    expect(day).toMatchObject({ secondOrders: 3, retentionConverted: 2 });
    // Rows written straight into the tables (not through the app's writes) are taken up by the rebuild.
    const firstActs = await prisma.customerAdvocacy.findMany({ where: { shop }, orderBy: { customerId: "asc" } });
    expect(firstActs.map((a) => [a.customerId, a.firstAt.toISOString()])).toEqual([
      ["promoter", "2026-07-01T10:05:00.000Z"],
      ["reviewer", "2026-07-20T08:00:00.000Z"],
    ]);
  });
});

describe("each customer's first act of advocacy", () => {
  it("is the earliest review or promoter answer saved, whichever order they arrive in, and never another shop's", async () => {
    const shop = "d.myshopify.com";
    await prisma.shop.create({ data: { shop, ianaTimezone: "UTC" } });
    const review = (productId: string, at: string) =>
      saveReview(shop, "c", "o", { productId, rating: 5, title: "t", body: "b" }, DEFAULT_MODERATION_RULES, new Date(at));
    const answer = (orderId: string, score: number, at: string) =>
      saveFirstNpsAnswer(shop, { customerId: "c", orderId, score, comment: null, source: "thank-you" }, new Date(at));
    const firstAt = async () =>
      (await prisma.customerAdvocacy.findUnique({ where: { shop_customerId: { shop, customerId: "c" } } }))?.firstAt.toISOString() ?? null;

    await answer("o1", 8, "2026-03-01T00:00:00Z"); // a passive answer is no act of advocacy
    expect(await firstAt()).toBeNull();
    await review("p1", "2026-05-01T00:00:00Z");
    expect(await firstAt()).toBe("2026-05-01T00:00:00.000Z");
    await review("p2", "2026-06-01T00:00:00Z"); // later: stays
    expect(await firstAt()).toBe("2026-05-01T00:00:00.000Z");
    await answer("o2", 9, "2026-04-01T00:00:00Z"); // an earlier promoter answer arriving late: moves it back
    expect(await firstAt()).toBe("2026-04-01T00:00:00.000Z");
    expect(await prisma.customerAdvocacy.count({ where: { customerId: "c" } })).toBe(1);
  });
});

describe("the daily rows' review, NPS and first-advocate sums", () => {
  const shop = "e.myshopify.com";
  // Tokyo days: November against October, complete through 4 December once rebuilt on 5 December (09:00 in Tokyo).
  const november = parseLocalDate("2026-11-01")!;
  const ranges = { previousFrom: november - 31, baselineFrom: november - 365, from: november, to: november + 30 };
  const review = (customerId: string, rating: number, at: string, productId?: string) => reviewIn(shop, customerId, rating, at, productId);
  const answer = (customerId: string, orderId: string, score: number, at: string) =>
    saveFirstNpsAnswer(shop, { customerId, orderId, score, comment: null, source: "thank-you" }, new Date(at));
  const advocacyOf = (t: Awaited<ReturnType<typeof loadJourneyTotals>>["current"]) => ({
    reviews: t.reviews,
    ratingSum: t.ratingSum,
    npsAnswers: t.npsAnswers,
    npsPromoters: t.npsPromoters,
    npsDetractors: t.npsDetractors,
    firstAdvocates: t.firstAdvocates,
  });
  /** The period's advocacy figures as the page reads them: the stored rows, and the days after them live. */
  async function figures(period = ranges) {
    const basis = (await loadJourneyShop(shop)).journeyCohorts;
    expect(basis?.advocacyThroughDay).toBe(parseLocalDate("2026-12-04"));
    const { current, previous } = await loadJourneyTotals(shop, "Asia/Tokyo", period, basis);
    return { current: advocacyOf(current), previous: advocacyOf(previous) };
  }
  let hiddenLater = 0;

  beforeAll(async () => {
    await prisma.shop.create({ data: { shop, ianaTimezone: "Asia/Tokyo" } });
    await review("c1", 4, "2026-11-10T00:00:00Z");
    await review("c2", 2, "2026-10-10T00:00:00Z"); // previous period
    const saved = await review("c4", 5, "2026-10-31T15:30:00Z"); // 00:30 on 1 November in Tokyo
    if (saved.saved) hiddenLater = saved.id;
    await answer("c3", "o3", 10, "2026-11-11T00:00:00Z");
    await answer("c5", "o5", 3, "2026-11-11T00:00:00Z");
    await rebuildJourneyDays(shop, "Asia/Tokyo", new Date("2026-12-05T00:00:00Z"));
  });

  it("are written by the rebuild for complete days and read from there", async () => {
    const tenth = await prisma.journeyDay.findUniqueOrThrow({ where: { shop_day: { shop, day: parseLocalDate("2026-11-10")! } } });
    expect(tenth).toMatchObject({ reviews: 1, ratingSum: 4, firstAdvocates: 1, npsAnswers: 0 });
    expect(await figures()).toEqual({
      current: { reviews: 2, ratingSum: 9, npsAnswers: 2, npsPromoters: 1, npsDetractors: 1, firstAdvocates: 3 },
      previous: { reviews: 1, ratingSum: 2, npsAnswers: 0, npsPromoters: 0, npsDetractors: 0, firstAdvocates: 1 },
    });
  });

  it("take up a review and an earlier promoter answer arriving late for past days, and an edited rating", async () => {
    await review("c6", 3, "2026-11-20T00:00:00Z");
    // c1 answered 9 in October, before their November review: c1 becomes an advocate of the previous period.
    await answer("c1", "o1", 9, "2026-10-05T00:00:00Z");
    await review("c1", 1, "2026-12-06T00:00:00Z"); // c1 edits the November review's rating from 4 to 1
    expect(await figures()).toEqual({
      current: { reviews: 3, ratingSum: 9, npsAnswers: 2, npsPromoters: 1, npsDetractors: 1, firstAdvocates: 3 },
      previous: { reviews: 1, ratingSum: 2, npsAnswers: 1, npsPromoters: 1, npsDetractors: 0, firstAdvocates: 2 },
    });
  });

  it("count a review whatever its moderation status", async () => {
    const before = await figures();
    await setReviewStatus(shop, hiddenLater, "hidden");
    expect(await figures()).toEqual(before);
  });

  it("lose a redacted customer's reviews, answers and first act, and the rebuild writes the same", async () => {
    await redactCustomer(shop, "c1", []);
    const redacted = {
      current: { reviews: 2, ratingSum: 8, npsAnswers: 2, npsPromoters: 1, npsDetractors: 1, firstAdvocates: 3 },
      previous: { reviews: 1, ratingSum: 2, npsAnswers: 0, npsPromoters: 0, npsDetractors: 0, firstAdvocates: 1 },
    };
    expect(await figures()).toEqual(redacted);
    await rebuildJourneyDays(shop, "Asia/Tokyo", new Date("2026-12-05T00:00:00Z"));
    expect(await figures()).toEqual(redacted);
  });

  it("read the days after the complete ones live", async () => {
    await review("c7", 5, "2026-12-05T06:00:00Z"); // 15:00 on 5 December in Tokyo: not a complete day
    expect(await prisma.journeyDay.findUnique({ where: { shop_day: { shop, day: parseLocalDate("2026-12-05")! } } })).toBeNull();
    const lastThirty = { ...ranges, from: parseLocalDate("2026-11-06")!, to: parseLocalDate("2026-12-06")! };
    // c6 (20 November, stored) and c7 (live) reviewed; c3 and c5 answered on 11 November; c3, c6 and c7 are first acts.
    expect((await figures(lastThirty)).current).toEqual({
      reviews: 2,
      ratingSum: 8,
      npsAnswers: 2,
      npsPromoters: 1,
      npsDetractors: 1,
      firstAdvocates: 3,
    });
  });
});
