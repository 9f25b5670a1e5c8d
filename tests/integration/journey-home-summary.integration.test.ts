// The journey home's summary read with its shop row in one statement: the shop's settings, its latest
// sync run and its latest daily snapshot's sizes (a live count before the first snapshot), never
// another shop's, and the defaults for a shop without a row; and money by segment from the stored
// segments aggregate and the shop's fit read in the same statement.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loadJourneyPage } from "../../app/models/journey.server";
import { refreshSegmentsAggregate } from "../../app/models/segments-report.server";

const A = "a.myshopify.com";
const B = "b.myshopify.com";
const NOW = new Date("2026-12-01T00:00:00Z");
const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: A, ianaTimezone: "Asia/Tokyo", tagPrefix: "tg:", dormantAfterDays: 100 } });
  await prisma.shop.create({ data: { shop: B } });
  const run = (shop: string, status: string, startedAt: string, finishedAt: string | null, customersRead: number) =>
    prisma.syncRun.create({
      data: {
        shop,
        kind: "initial",
        status,
        phase: "done",
        startedAt: at(startedAt),
        heartbeatAt: at(startedAt),
        finishedAt: finishedAt && at(finishedAt),
        customersRead,
      },
    });
  await run(A, "failed", "2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z", 10);
  await run(A, "completed", "2026-11-02T00:00:00Z", "2026-11-02T02:00:00Z", 250);
  await run(B, "running", "2026-11-03T00:00:00Z", null, 5);
  await prisma.segmentSnapshot.createMany({
    data: [
      { shop: A, day: "2026-11-29", stage: "new", customers: 1 },
      { shop: A, day: "2026-11-30", stage: "new", customers: 7 },
      { shop: A, day: "2026-11-30", stage: "vip", customers: 3 },
    ],
  });
  // B has no snapshot: its sizes are a live count of its customers.
  await prisma.customer.createMany({
    data: [
      { shop: B, id: "gid://shopify/Customer/1", stage: "regular", shopifyCreatedAt: NOW, shopifyUpdatedAt: NOW, syncedAt: NOW },
      { shop: B, id: "gid://shopify/Customer/2", stage: "regular", shopifyCreatedAt: NOW, shopifyUpdatedAt: NOW, syncedAt: NOW },
    ],
  });
});

describe("the journey home's summary", () => {
  it("shows the shop's settings, its latest sync run and its latest snapshot's sizes", async () => {
    const { home, timeZone } = await loadJourneyPage(A, { preset: "30" }, NOW);
    expect(timeZone).toBe("Asia/Tokyo");
    expect(home.settings).toEqual({
      tagPrefix: "tg:",
      ianaTimezone: "Asia/Tokyo",
      dormantAfterDays: 100,
      churnedAfterDays: 365,
      vipTopPercent: 20,
    });
    expect(home.sync).toEqual({
      status: "completed",
      phase: "done",
      customersRead: 250,
      customersTotal: null,
      ordersRead: 0,
      ordersTotal: null,
      tagsWritten: 0,
      startedAt: "2026-11-02T00:00:00.000Z",
      heartbeatAt: "2026-11-02T00:00:00.000Z",
      finishedAt: "2026-11-02T02:00:00.000Z",
      error: null,
    });
    expect(home.counts).toEqual({ prospect: 0, new: 7, regular: 0, vip: 3, dormant: 0, churned: 0 });
  });

  it("counts the customers live before the shop's first snapshot, and shows a running sync without an end", async () => {
    const { home } = await loadJourneyPage(B, { preset: "30" }, NOW);
    expect(home.counts).toEqual({ prospect: 0, new: 0, regular: 2, vip: 0, dormant: 0, churned: 0 });
    expect(home.sync).toMatchObject({ status: "running", customersRead: 5, finishedAt: null });
  });

  it("shows the defaults, no sync and no customers for a shop without a row", async () => {
    const { home, timeZone, currencyCode } = await loadJourneyPage("c.myshopify.com", { preset: "30" }, NOW);
    expect([timeZone, currencyCode]).toEqual(["UTC", "USD"]);
    expect(home.settings).toMatchObject({ tagPrefix: "tsunagu:", ianaTimezone: "UTC" });
    expect(home.sync).toBeNull();
    expect(home.counts).toEqual({ prospect: 0, new: 0, regular: 0, vip: 0, dormant: 0, churned: 0 });
  });

  it("shows money by segment from the stored aggregate, with predicted values only when the shop's fit is published", async () => {
    const M = "money.myshopify.com";
    await prisma.shop.create({ data: { shop: M } });
    const customer = (n: number, predictedClv12m: number) => ({
      shop: M,
      id: `gid://shopify/Customer/${n}`,
      stage: "regular",
      predictedClv12m,
      shopifyCreatedAt: NOW,
      shopifyUpdatedAt: NOW,
      syncedAt: NOW,
    });
    await prisma.customer.createMany({ data: [customer(1, 100), customer(2, 250)] });
    await refreshSegmentsAggregate(M, at("2026-11-30T00:00:00Z"), "UTC");
    // Moved without a transition: the stored aggregate, not a live count, still has both as regulars.
    await prisma.customer.update({ where: { shop_id: { shop: M, id: "gid://shopify/Customer/2" } }, data: { stage: "vip" } });
    const money = async () => (await loadJourneyPage(M, { preset: "30" }, NOW)).segmentMoney;

    expect(await money()).toMatchObject({ predictionsWithheld: "notFitted", periodDays: 365 });
    expect((await money()).bySegment.regular).toMatchObject({ customers: 2, predictedValue: null });
    const fit = { shop: M, fittedAt: NOW, ok: false, reason: "tooFewRepeatBuyers", customers: 2, repeatBuyers: 0 };
    await prisma.shopPrediction.create({ data: fit });
    expect((await money()).predictionsWithheld).toBe("tooFewRepeatBuyers");
    // A published fit written after the aggregate: the customers' values summed now, by their segment now.
    await prisma.shopPrediction.update({ where: { shop: M }, data: { ok: true, reason: null } });
    const published = await money();
    expect(published.predictionsWithheld).toBeNull();
    expect([published.bySegment.regular.predictedValue, published.bySegment.vip.predictedValue]).toEqual([100, 250]);
    // A transition written after the aggregate moves its customer in the counts (read only when there is one).
    await prisma.segmentTransition.create({
      data: { shop: M, customerId: "gid://shopify/Customer/2", fromStage: "regular", toStage: "vip", at: NOW, reason: "test" },
    });
    const moved = (await money()).bySegment;
    expect([moved.regular.customers, moved.vip.customers]).toEqual([1, 1]);
  });
});
